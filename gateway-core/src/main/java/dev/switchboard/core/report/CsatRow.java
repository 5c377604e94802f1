package dev.switchboard.core.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One group of the CSAT report: the answers given in the range, their mean score, and how many gave each
 * score ({@code distribution.get(0)} is the count of 1s, up to 5s).
 */
public record CsatRow(String group, long answers, List<Long> distribution) {

  public CsatRow {
    requireNonNull(group, "group");
    distribution = List.copyOf(distribution);
    if (distribution.size() != 5) {
      throw new IllegalArgumentException("distribution: " + distribution + " (expected: 5 counts, for 1 to 5)");
    }
  }

  /** The mean score, or {@code null} with no answers. */
  public Double mean() {
    if (answers == 0) {
      return null;
    }
    long sum = 0;
    for (int i = 0; i < 5; i++) {
      sum += (i + 1) * distribution.get(i);
    }
    return Math.round(100.0 * sum / answers) / 100.0;
  }

  /** The count of answers with {@code score} (1 to 5). */
  public long count(int score) {
    return distribution.get(score - 1);
  }
}
