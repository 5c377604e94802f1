package dev.switchboard.core.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One group of the SLA report. A first response is <em>owed</em> once the conversation has a due time and
 * was answered, or its due time passed before it was answered or resolved; a next response is owed each
 * time a customer wrote to an answered conversation (or reopened it). Times are {@code null} where no
 * conversation of the group has one.
 */
public record SlaRow(
    String group,
    long conversations,
    long firstResponsesOwed,
    long firstResponsesMet,
    long nextResponsesOwed,
    long nextResponsesLate,
    Duration firstResponseMedian,
    Duration firstResponseP90,
    Duration resolutionMedian) {

  public SlaRow {
    requireNonNull(group, "group");
  }

  /** The share of owed first responses given by their due time, or {@code null} when none was owed. */
  public Double firstWithinSla() {
    return share(firstResponsesMet, firstResponsesOwed);
  }

  /** The share of owed next responses given by their due time, or {@code null} when none was owed. */
  public Double nextWithinSla() {
    return share(nextResponsesOwed - nextResponsesLate, nextResponsesOwed);
  }

  private static Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
