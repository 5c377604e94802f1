package dev.switchboard.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.simulate.Staffing.Shift;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaffingTest {

  @Test
  void sizesEachHourForTheTargetOccupancyOfTheNormalProfileNotTheIncident() {
    Workload one = Workload.singleQueue(Duration.ofSeconds(300), Duration.ofSeconds(30));
    // 1020 arrivals an hour × 300 s = 85 erlangs: 100 agents at 85 %, whatever the incident
    int[] need = Staffing.needed(one, new ArrivalProfile(new double[] {1020, 1020}, 1, 3.0), 0.85, 1);

    assertThat(need).containsExactly(100, 100);
  }

  @Test
  void neverStaffsFewerThanTheMinimum() {
    Workload one = Workload.singleQueue(Duration.ofSeconds(300), Duration.ofSeconds(30));

    assertThat(Staffing.needed(one, ArrivalProfile.flat(0, 2), 0.85, 3)).containsExactly(3, 3);
  }

  @Test
  void shiftsAreContiguousAndTheLatestStartersGoHomeFirst() {
    List<Shift> shifts = Staffing.shifts(new int[] {1, 3, 2, 2, 1});

    assertThat(shifts).containsExactlyInAnyOrder(
        new Shift(2, hours(1), hours(2)),
        new Shift(1, hours(1), hours(4)),
        new Shift(0, 0, Long.MAX_VALUE));
  }

  @Test
  void everyHourHasExactlyTheAgentsItNeeds() {
    int[] need = {2, 5, 9, 4, 7, 3};
    List<Shift> shifts = Staffing.shifts(need);

    for (int h = 0; h < need.length; h++) {
      long at = hours(h);
      assertThat(shifts.stream().filter(s -> s.startMillis() <= at && at < s.endMillis()).count()).isEqualTo(need[h]);
    }
  }

  private static long hours(int h) {
    return h * 3_600_000L;
  }
}
