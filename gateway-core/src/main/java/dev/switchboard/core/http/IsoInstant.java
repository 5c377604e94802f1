package dev.switchboard.core.http;

import java.time.Instant;

/**
 * Instants as ISO-8601 text, exactly as {@link Instant#toString()} (and {@code DateTimeFormatter.ISO_INSTANT})
 * writes them: {@code 2026-11-30T13:15:05Z}, with the fraction of a second in groups of three digits as
 * needed ({@code .120}, {@code .120500}, {@code .120500001}). Years 0000–9999 are written directly, without
 * the formatter's field resolution, since every message frame carries at least one instant; others fall
 * back to {@link Instant#toString()}.
 */
public final class IsoInstant {

  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
  private static final long MIN_SECOND = -62_167_219_200L;
  private static final long END_SECOND = 253_402_300_800L;
  private static final int SECONDS_PER_DAY = 86_400;

  private IsoInstant() {}

  public static String format(Instant t) {
    long second = t.getEpochSecond();
    if (second < MIN_SECOND || second >= END_SECOND) {
      return t.toString();
    }
    long days = Math.floorDiv(second, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(second, SECONDS_PER_DAY);
    // Civil date from days since the epoch (H. Hinnant's algorithm, proleptic Gregorian like java.time).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int mp = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    char[] out = new char[30];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    int n = 19;
    int nano = t.getNano();
    if (nano != 0) {
      out[n++] = '.';
      if (nano % 1_000_000 == 0) {
        digits(out, n, nano / 1_000_000, 3);
        n += 3;
      } else if (nano % 1_000 == 0) {
        digits(out, n, nano / 1_000, 6);
        n += 6;
      } else {
        digits(out, n, nano, 9);
        n += 9;
      }
    }
    out[n++] = 'Z';
    return new String(out, 0, n);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
