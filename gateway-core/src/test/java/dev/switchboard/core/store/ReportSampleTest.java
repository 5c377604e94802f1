package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A sample gathered from many sorted runs (rolled-up cells, decoded) and loose values (live rows) answers every
 * nearest-rank percentile exactly as sorting all its values does.
 */
class ReportSampleTest {

  private static final int[][] PERCENTILES = {{1, 2}, {9, 10}, {1, 100}, {99, 100}, {1, 1}, {1, 3}, {2, 3}};

  @Test
  void percentilesOfManySortedRunsAndLooseValuesAreThoseOfAllValuesSorted() {
    SplittableRandom random = new SplittableRandom(15);
    for (int trial = 0; trial < 500; trial++) {
      ReportSample group = new ReportSample();
      List<Long> all = new ArrayList<>();
      int cells = random.nextInt(1, 40);
      // Narrow ranges make ties; some trials reach negative values (a reply stamped before the opening).
      long spread = random.nextBoolean() ? 20 : 5_000_000;
      long low = random.nextInt(5) == 0 ? -1_000 : 0;
      for (int c = 0; c < cells; c++) {
        ReportSample cell = new ReportSample();
        int n = random.nextInt(0, 30);
        for (int i = 0; i < n; i++) {
          long v = low + random.nextLong(spread);
          cell.add(v);
          all.add(v);
        }
        switch (random.nextInt(3)) {
          case 0 -> group.addAll(cell); // a live cell: loose values
          case 1 -> { // a rolled-up cell: written as text and read back as a run
            ReportSample read = new ReportSample();
            read.addEncoded(cell.encode());
            group.addAll(read);
          }
          default -> group.addEncoded(cell.encode());
        }
      }
      for (int i = random.nextInt(0, 5); i > 0; i--) {
        long v = low + random.nextLong(spread);
        group.add(v);
        all.add(v);
      }
      long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
      for (int[] p : PERCENTILES) {
        assertThat(group.percentile(p[0], p[1])).as("trial %d, p=%d/%d of %d values", trial, p[0], p[1], sorted.length)
            .isEqualTo(nearestRank(sorted, p[0], p[1]));
      }
      ReportSample again = new ReportSample();
      again.addEncoded(group.encode());
      assertThat(again.encode()).isEqualTo(group.encode());
      assertThat(again.percentile(1, 2)).isEqualTo(nearestRank(sorted, 1, 2));
    }
  }

  @Test
  void anEmptySampleHasNoPercentileAndEncodesAsNothing() {
    ReportSample empty = new ReportSample();
    empty.addAll(new ReportSample());
    empty.addEncoded("");
    assertThat(empty.percentile(1, 2)).isNull();
    assertThat(empty.encode()).isEmpty();
  }

  @Test
  void textNotInOrderIsStillReadRight() {
    ReportSample sample = new ReportSample();
    sample.addEncoded("a,-5,3"); // 10, 5, 8: not what encode() writes, read all the same
    sample.addEncoded("2");
    assertThat(sample.percentile(1, 4)).isEqualTo(Duration.ofMillis(2));
    assertThat(sample.percentile(1, 2)).isEqualTo(Duration.ofMillis(5));
    assertThat(sample.percentile(3, 4)).isEqualTo(Duration.ofMillis(8));
    assertThat(sample.percentile(1, 1)).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void largeAndNegativeValuesSurviveTheText() {
    ReportSample written = new ReportSample();
    long[] values = {-1_000_000_000_000L, -1, 0, 0, 35, 36, 1_000_000_000_000_000L};
    for (long v : values) {
      written.add(v);
    }
    ReportSample read = new ReportSample();
    read.addEncoded(written.encode());
    assertThat(read.encode()).isEqualTo(written.encode());
    assertThat(read.percentile(1, 7)).isEqualTo(Duration.ofMillis(values[0]));
    assertThat(read.percentile(4, 7)).isEqualTo(Duration.ofMillis(0));
    assertThat(read.percentile(1, 1)).isEqualTo(Duration.ofMillis(values[6]));
  }

  @Test
  void textThatIsNotADurationListIsRefused() {
    for (String bad : new String[] {"a,,b", "a,", ",a", "A", "1;2", "-", "zzzzzzzzzzzzz"}) {
      assertThatThrownBy(() -> new ReportSample().addEncoded(bad)).as(bad)
          .isInstanceOf(NumberFormatException.class);
    }
  }

  /** The definition, on every value sorted: the value at 1-based rank ceil(p·n). */
  private static Duration nearestRank(long[] sorted, int numerator, int denominator) {
    if (sorted.length == 0) {
      return null;
    }
    long rank = ((long) numerator * sorted.length + denominator - 1) / denominator;
    return Duration.ofMillis(sorted[(int) Math.max(0, rank - 1)]);
  }
}
