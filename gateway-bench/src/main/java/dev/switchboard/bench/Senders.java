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
   * Every sender new, sending {@code 1 + followUps} messages about {@code spread} messages apart (at a fixed rate,
   * {@code spread / rate} seconds). The stream interleaves them as a surge does: of every {@code 1 + followUps}
   * messages one is a new sender's first, the others follow-ups of senders who began earlier, so that new
   * conversations (and the router's saves of them) keep arriving between every sender's messages. Until the
   * first senders have reached their last follow-up, a slot with nobody to follow up on carries a one-off sender.
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

    private int lanes() {
      return 1 + followUps;
    }

    /** Senders who began between one of a sender's messages and its next. */
    private long apart() {
      return Math.max(1, spread / lanes());
    }

    /** The sender (from 0) whose message of this lane message {@code n} is, or negative: a one-off's slot. */
    private long regular(long n) {
      return n / lanes() - n % lanes() * apart();
    }

    @Override
    public long sender(long n) {
      long s = regular(n);
      // Even numbers for the senders who follow up, odd for the one-offs: no number is used by both.
      return s >= 0 ? 2 * s : 2 * n + 1;
    }

    @Override
    public int ordinal(long n) {
      return regular(n) >= 0 ? (int) (n % lanes()) : 0;
    }
  }
}
