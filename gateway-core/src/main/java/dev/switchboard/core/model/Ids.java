package dev.switchboard.core.model;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Time-ordered, collision-free ids in the ULID text form: 26 Crockford base-32 characters, a 48-bit
 * millisecond time then 80 bits that are random at each new millisecond and counted up within it, so
 * ids made later in one process always sort later. Strings, not numbers, because JavaScript clients
 * lose precision above 2^53.
 *
 * <p>The random bits come from a {@link SecureRandom}, as unguessable as before, but drawn
 * {@value #RANDOM_BLOCK} bytes at a time rather than 10 bytes per millisecond: each draw of the JDK's
 * default {@code NativePRNG} takes a lock, reads {@code /dev/urandom} and mixes in a SHA1PRNG, and on the
 * store's writer thread (which makes a message id per stored message) those per-call costs were a few per
 * cent of its time in the chat bench. A faster generator that is not cryptographic (SplittableRandom,
 * ThreadLocalRandom) would let anyone who sees a few ids work out the next ones.
 */
public final class Ids {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  /** Bytes drawn from the SecureRandom at once: the 10 bytes of 51 new milliseconds. */
  static final int RANDOM_BLOCK = 510;
  private static final Source PROCESS = new Source(System::currentTimeMillis, new SecureRandom());
  private static final AtomicLong ISSUED = new AtomicLong();

  private Ids() {}

  /** A new id, later than every id this process made before. */
  public static String next() {
    ISSUED.incrementAndGet();
    return PROCESS.next();
  }

  /** Ids from one clock and one random source; the process has one, tests make their own. */
  static final class Source {
    private final LongSupplier clock;
    private final SecureRandom random;
    private final ByteBuffer block = ByteBuffer.allocate(RANDOM_BLOCK).position(RANDOM_BLOCK);
    private long lastMillis = -1;
    private long randHigh; // 16 bits
    private long randLow;  // 64 bits

    Source(LongSupplier clock, SecureRandom random) {
      this.clock = clock;
      this.random = random;
    }

    String next() {
      long millis;
      long hi;
      long lo;
      synchronized (this) {
        millis = Math.max(clock.getAsLong(), lastMillis);
        if (millis != lastMillis) {
          lastMillis = millis;
          if (!block.hasRemaining()) {
            random.nextBytes(block.array());
            block.clear();
          }
          randHigh = block.getShort() & 0x7FFF; // leave head-room so the increment below cannot overflow
          randLow = block.getLong();
        } else if (++randLow == 0) {
          randHigh++;
        }
        hi = randHigh;
        lo = randLow;
      }
      char[] out = new char[26];
      for (int i = 9; i >= 0; i--) {
        out[i] = ALPHABET[(int) (millis & 31)];
        millis >>>= 5;
      }
      // 80 random bits: 16 from hi, 64 from lo, written as 16 base-32 digits.
      for (int i = 25; i >= 10; i--) {
        out[i] = ALPHABET[(int) (lo & 31)];
        lo = (lo >>> 5) | ((hi & 31) << 59);
        hi >>>= 5;
      }
      return new String(out);
    }
  }
}
