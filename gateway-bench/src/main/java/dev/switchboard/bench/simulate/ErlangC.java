package dev.switchboard.bench.simulate;

/**
 * The M/M/c queue in steady state (Poisson arrivals, exponential handle times, c agents, first come first
 * served): the probability that a customer waits, and the share answered within a target.
 */
final class ErlangC {

  private ErlangC() {}

  /**
   * The probability of waiting with {@code agents} agents and {@code erlangs} offered load, through the
   * Erlang B recursion (B(k) = A·B(k-1) / (k + A·B(k-1))), which stays within [0, 1] at every step where
   * the textbook formula's powers and factorials overflow past about 170 agents.
   */
  static double probabilityOfWaiting(int agents, double erlangs) {
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
  static double serviceLevel(int agents, double arrivalsPerSecond, double meanHandleSeconds, double targetSeconds) {
    double erlangs = arrivalsPerSecond * meanHandleSeconds;
    if (erlangs >= agents) {
      return 0.0;
    }
    double waiting = probabilityOfWaiting(agents, erlangs);
    return 1 - waiting * Math.exp(-(agents - erlangs) * targetSeconds / meanHandleSeconds);
  }
}
