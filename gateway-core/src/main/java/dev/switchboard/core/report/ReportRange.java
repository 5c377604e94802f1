package dev.switchboard.core.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The stretch of time a report covers: conversations opened at or after {@code from} and before {@code to}.
 * At most {@link #LONGEST} long, so that no report scans more than a year of conversations.
 */
public record ReportRange(Instant from, Instant to) {

  /** A leap year and a day: a calendar year with its ends in any time zone. */
  public static final Duration LONGEST = Duration.ofDays(367);

  public ReportRange {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " is not before to " + to + ".");
    }
    if (Duration.between(from, to).compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("from " + from + " to " + to + " is longer than a year ("
          + Duration.between(from, to).toDays() + " days; at most " + LONGEST.toDays() + ").");
    }
  }

  /** The number of whole or partial weeks in the range (at least one). */
  public double weeks() {
    return Math.max(1.0, Duration.between(from, to).toMillis() / (double) Duration.ofDays(7).toMillis());
  }
}
