package dev.switchboard.bench;

/**
 * Who sends message {@code n} of a load, and which of theirs it is: {@link Reused} senders taking turns, as a
 * desk's regular customers do, or {@link New} ones, each a first-time sender (a surge of new conversations).
 */
public sealed interface Senders {

  /** The sender of message {@code n} (0-based), a number to make their address from. */
  long sender(long n);

  /** Which of its sender's messages message {@code n} is: 0 for the first. */
  int ordinal(long n);

  /** {@code count} senders, message {@code n} from sender {@code n % count}. */
  record Reused(int count) implements Senders {
    public Reused {
      if (count < 1) {
        throw new IllegalArgumentException("count: " + count + " (expected: > 0)");
      }
    }

    @Override
    public long sender(long n) {
      return n % count;
    }

    @Override
    public int ordinal(long n) {
      return (int) (n / count);
    }
  }

  /**
   * Every sender new, sending {@code 1 + followUps} messages, each follow-up {@code spread} messages after the
   * one before it (at a fixed rate, {@code spread / rate} seconds later). Messages come in blocks of
   * {@code spread} senders: first each one's first message, then each one's first follow-up, and so on.
   */
  record New(int followUps, int spread) implements Senders {
    public New {
      if (followUps < 0) {
        throw new IllegalArgumentException("followUps: " + followUps + " (expected: >= 0)");
      }
      if (spread < 1) {
        throw new IllegalArgumentException("spread: " + spread + " (expected: > 0)");
      }
    }

    /** New senders of one message each. */
    public static New only() {
      return new New(0, 1);
    }

    private long block() {
      return (long) spread * (1 + followUps);
    }

    @Override
    public long sender(long n) {
      return n / block() * spread + n % spread;
    }

    @Override
    public int ordinal(long n) {
      return (int) (n % block() / spread);
    }
  }
}
