package dev.switchboard.core.report;

/**
 * The M/M/c queue in steady state (Poisson arrivals, exponential handle times, c agents, first come first
 * served): the probability that a customer waits, the share answered within a target, and the agents needed
 * for a share. The staffing report uses it; gateway-bench's routing simulator is checked against it.
 */
public final class ErlangC {

  private ErlangC() {}

  /**
   * The probability of waiting with {@code agents} agents and {@code erlangs} offered load, through the
   * Erlang B recursion (B(k) = A·B(k-1) / (k + A·B(k-1))), which stays within [0, 1] at every step where
   * the textbook formula's powers and factorials overflow past about 170 agents.
   */
  public static double probabilityOfWaiting(int agents, double erlangs) {
    if (agents < 1 || !(erlangs > 0)) {
      throw new IllegalArgumentException("agents: " + agents + ", erlangs: " + erlangs + " (expected: >= 1, > 0)");
    }
    if (erlangs >= agents) {
      return 1.0; // no steady state: everyone waits
    }
    double b = 1.0;
    for (int k = 1; k <= agents; k++) {
      b = erlangs * b / (k + erlangs * b);
    }
    return agents * b / (agents - erlangs * (1 - b));
  }

  /** The share answered within {@code targetSeconds}: 1 − C·e^(−(c − A)·t / h). */
  public static double serviceLevel(int agents, double arrivalsPerSecond, double meanHandleSeconds, double targetSeconds) {
    double erlangs = arrivalsPerSecond * meanHandleSeconds;
    if (erlangs >= agents) {
      return 0.0;
    }
    double waiting = probabilityOfWaiting(agents, erlangs);
    return 1 - waiting * Math.exp(-(agents - erlangs) * targetSeconds / meanHandleSeconds);
  }

  /**
   * The fewest agents with whom at least {@code goal} of the customers are answered within {@code targetSeconds}:
   * 0 with no arrivals, otherwise from just above the offered load upwards (at most {@value #MOST_AGENTS}).
   */
  public static int agentsNeeded(double arrivalsPerSecond, double meanHandleSeconds, double targetSeconds,
      double goal) {
    if (arrivalsPerSecond < 0 || !(meanHandleSeconds > 0) || targetSeconds < 0 || !(goal > 0 && goal < 1)) {
      throw new IllegalArgumentException("arrivalsPerSecond: " + arrivalsPerSecond + ", meanHandleSeconds: "
          + meanHandleSeconds + ", targetSeconds: " + targetSeconds + ", goal: " + goal
          + " (expected: >= 0, > 0, >= 0, between 0 and 1)");
    }
    if (arrivalsPerSecond == 0) {
      return 0;
    }
    double erlangs = arrivalsPerSecond * meanHandleSeconds;
    for (int agents = Math.max(1, (int) Math.floor(erlangs) + 1); agents <= MOST_AGENTS; agents++) {
      if (serviceLevel(agents, arrivalsPerSecond, meanHandleSeconds, targetSeconds) >= goal) {
        return agents;
      }
    }
    return MOST_AGENTS;
  }

  /** Where {@link #agentsNeeded} stops looking: a desk beyond any this gateway is meant for. */
  public static final int MOST_AGENTS = 100_000;
}
