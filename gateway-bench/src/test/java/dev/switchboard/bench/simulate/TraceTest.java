package dev.switchboard.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.core.model.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

  private final Workload day = Workload.supportDay();

  @Test
  void theSameSeedGivesTheSameTraceSoEveryPolicyReplaysTheSameDay() {
    ArrivalProfile profile = ArrivalProfile.day(600, 2);

    assertThat(Trace.generate(day, profile, 7)).isEqualTo(Trace.generate(day, profile, 7));
    assertThat(Trace.generate(day, profile, 7)).isNotEqualTo(Trace.generate(day, profile, 8));
  }

  @Test
  void arrivalsAreInTimeOrderAndNumberedInThatOrder() {
    List<Arrival> trace = Trace.generate(day, ArrivalProfile.day(600, 3), 1);

    for (int i = 1; i < trace.size(); i++) {
      assertThat(trace.get(i).atMillis()).isGreaterThanOrEqualTo(trace.get(i - 1).atMillis());
      assertThat(trace.get(i).seq()).isEqualTo(i);
    }
  }

  @Test
  void theIncidentHourBringsItsMultipleOfTheNormalVolume() {
    List<Arrival> trace = Trace.generate(day, ArrivalProfile.day(3000, 3), 1);

    long incident = countInHour(trace, ArrivalProfile.INCIDENT_HOUR);
    long hourBefore = countInHour(trace, ArrivalProfile.INCIDENT_HOUR - 1);
    // 9000 expected against 2850: Poisson noise is about 1 % of each
    assertThat(incident).isBetween(8700L, 9300L);
    assertThat(hourBefore).isBetween(2700L, 3000L);
  }

  @Test
  void tiersChannelsAndSkillsFollowTheirShares() {
    List<Arrival> trace = Trace.generate(day, ArrivalProfile.flat(20_000, 5), 3);
    double n = trace.size();

    assertThat(trace.stream().filter(a -> a.tier() == 0).count() / n).isCloseTo(0.10, within(0.01));
    assertThat(trace.stream().filter(a -> a.tier() == 1).count() / n).isCloseTo(0.60, within(0.01));
    assertThat(trace.stream().filter(a -> a.channel() == Channel.CHAT).count() / n).isCloseTo(0.45, within(0.01));
    assertThat(trace.stream().filter(Arrival::needsSkill).count() / n).isCloseTo(0.10, within(0.01));
    double chatHandle = trace.stream().filter(a -> a.channel() == Channel.CHAT)
        .mapToLong(Arrival::handleMillis).average().orElseThrow() / 1000;
    assertThat(chatHandle).isCloseTo(240, within(5.0));
  }

  private static long countInHour(List<Arrival> trace, int hour) {
    return trace.stream().filter(a -> a.atMillis() / 3_600_000 == hour).count();
  }
}
