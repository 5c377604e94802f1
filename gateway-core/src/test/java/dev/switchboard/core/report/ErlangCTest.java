package dev.switchboard.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class ErlangCTest {

  @Test
  void threeAgentsWithTwoErlangsWaitWithTheTextbookProbabilityOfFourNinths() {
    assertThat(ErlangC.probabilityOfWaiting(3, 2.0)).isCloseTo(4.0 / 9.0, within(1e-12));
  }

  @Test
  void oneAgentWaitsWithProbabilityEqualToTheLoadAsInMm1() {
    assertThat(ErlangC.probabilityOfWaiting(1, 0.7)).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void twoAgentsWithOneErlangWaitOneThirdOfTheTime() {
    assertThat(ErlangC.probabilityOfWaiting(2, 1.0)).isCloseTo(1.0 / 3.0, within(1e-12));
  }

  @Test
  void agreesWithTheFactorialFormulaComputedExactly() {
    int agents = 50;
    double erlangs = 42.5;
    assertThat(ErlangC.probabilityOfWaiting(agents, erlangs)).isCloseTo(exact(agents, erlangs), within(1e-12));
  }

  @Test
  void staysFiniteAndWithinZeroAndOneForThousandsOfAgentsWhereTheFactorialsOverflow() {
    double c = ErlangC.probabilityOfWaiting(5000, 4900.0);

    assertThat(c).isBetween(0.0, 1.0);
    assertThat(c).isCloseTo(exact(5000, 4900.0), within(1e-9));
  }

  @Test
  void serviceLevelIsTheShareAnsweredWithinTheTarget() {
    // 2 agents, 1 erlang (1 arrival per 100 s, 100 s handle): 1 - (1/3)·e^(-(2-1)·100/100)
    assertThat(ErlangC.serviceLevel(2, 0.01, 100, 100)).isCloseTo(1 - Math.exp(-1) / 3, within(1e-12));
  }

  @Test
  void anOverloadedDeskAnswersNobodyWithinTarget() {
    assertThat(ErlangC.serviceLevel(10, 1.0, 10, 20)).isZero();
    assertThat(ErlangC.probabilityOfWaiting(10, 12.0)).isEqualTo(1.0);
  }

  @Test
  void agentsNeededIsTheFewestWhoseServiceLevelReachesTheGoal() {
    int needed = ErlangC.agentsNeeded(0.2, 60, 20, 0.8); // 12 erlangs

    assertThat(ErlangC.serviceLevel(needed, 0.2, 60, 20)).isGreaterThanOrEqualTo(0.8);
    assertThat(ErlangC.serviceLevel(needed - 1, 0.2, 60, 20)).isLessThan(0.8);
  }

  @Test
  void noArrivalsNeedNoAgentsAndAnyArrivalNeedsMoreAgentsThanTheLoad() {
    assertThat(ErlangC.agentsNeeded(0, 60, 20, 0.8)).isZero();
    assertThat(ErlangC.agentsNeeded(1.0 / 3600, 600, 0, 0.5)).isEqualTo(1);
    assertThat(ErlangC.agentsNeeded(1.0, 30, 3600, 0.99)).isGreaterThan(30);
  }

  /** C(N, A) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)), in big decimals. */
  private static double exact(int agents, double erlangs) {
    MathContext mc = new MathContext(60);
    BigDecimal a = new BigDecimal(erlangs);
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ZERO;
    for (int k = 0; k < agents; k++) {
      sum = sum.add(term, mc);
      term = term.multiply(a, mc).divide(BigDecimal.valueOf(k + 1), mc);
    }
    BigDecimal last = term.multiply(BigDecimal.valueOf(agents), mc)
        .divide(BigDecimal.valueOf(agents).subtract(a, mc), mc);
    return last.divide(sum.add(last, mc), mc).doubleValue();
  }
}
