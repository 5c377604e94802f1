package dev.switchboard.bench.chat;

/**
 * The text of a measured chat message: {@code bench <phase> <customer> <seq> <nanos>}, where nanos is the
 * {@link System#nanoTime()} the latency is counted from (customers and agents share one JVM). Anything
 * else an agent sees (the opening message, a frame of another kind) is not a measured message.
 */
record BenchText(int phase, int customer, long seq, long nanos) {

  private static final String PREFIX = "bench ";

  String text() {
    return PREFIX + phase + ' ' + customer + ' ' + seq + ' ' + nanos;
  }

  /** The measured message in {@code text}, or {@code null} when it is not one. */
  static BenchText parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = text.substring(PREFIX.length()).strip().split(" ");
    if (parts.length != 4) {
      return null;
    }
    try {
      return new BenchText(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
          Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
