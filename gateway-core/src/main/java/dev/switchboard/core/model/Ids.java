package dev.switchboard.core.model;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered, collision-free ids in the ULID text form: 26 Crockford base-32 characters, a 48-bit
 * millisecond time then 80 bits that are random at each new millisecond and counted up within it, so
 * ids made later in one process always sort later. Strings, not numbers, because JavaScript clients
 * lose precision above 2^53.
 */
public final class Ids {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Object LOCK = new Object();
  private static long lastMillis = -1;
  private static long randHigh; // 16 bits
  private static long randLow;  // 64 bits
  private static final AtomicLong ISSUED = new AtomicLong();

  private Ids() {}

  /** A new id, later than every id this process made before. */
  public static String next() {
    long millis;
    long hi;
    long lo;
    synchronized (LOCK) {
      millis = Math.max(System.currentTimeMillis(), lastMillis);
      if (millis != lastMillis) {
        lastMillis = millis;
        randHigh = RANDOM.nextInt(1 << 15); // leave head-room so the increment below cannot overflow
        randLow = RANDOM.nextLong();
      } else if (++randLow == 0) {
        randHigh++;
      }
      hi = randHigh;
      lo = randLow;
    }
    ISSUED.incrementAndGet();
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
