package dev.switchboard.bench.simulate;

import java.util.Arrays;

/**
 * Arrivals per hour through the simulated period: a Poisson process whose rate is constant within each
 * hour. A day has one incident hour whose volume is a multiple of the normal one.
 */
record ArrivalProfile(double[] perHour, int incidentHour, double incidentFactor) {

  /**
   * The shape of a support day, as shares of the peak hour: quiet nights, a morning ramp, a dip at lunch,
   * a long afternoon and a tail into the evening.
   */
  private static final double[] DAY_SHAPE = {
      0.10, 0.08, 0.06, 0.06, 0.08, 0.12, 0.25, 0.50, 0.80, 0.95, 1.00, 0.95,
      0.85, 0.90, 1.00, 0.95, 0.85, 0.70, 0.55, 0.45, 0.38, 0.30, 0.22, 0.15};

  /** The hour (10:00 to 11:00, at the morning peak) when the incident floods the desk. */
  static final int INCIDENT_HOUR = 10;

  ArrivalProfile {
    perHour = perHour.clone();
    for (double r : perHour) {
      if (!(r >= 0)) {
        throw new IllegalArgumentException("perHour: " + Arrays.toString(perHour) + " (expected: >= 0)");
      }
    }
    if (incidentHour >= perHour.length) {
      throw new IllegalArgumentException("incidentHour: " + incidentHour + " (expected: < " + perHour.length + ")");
    }
    if (!(incidentFactor >= 1)) {
      throw new IllegalArgumentException("incidentFactor: " + incidentFactor + " (expected: >= 1)");
    }
  }

  /** A support day peaking at {@code peakPerHour} arrivals, its incident hour at {@code incidentFactor} times. */
  static ArrivalProfile day(double peakPerHour, double incidentFactor) {
    double[] rates = new double[DAY_SHAPE.length];
    for (int h = 0; h < rates.length; h++) {
      rates[h] = DAY_SHAPE[h] * peakPerHour;
    }
    return new ArrivalProfile(rates, INCIDENT_HOUR, incidentFactor);
  }

  /** The same rate every hour, no incident. */
  static ArrivalProfile flat(double perHour, int hours) {
    double[] rates = new double[hours];
    Arrays.fill(rates, perHour);
    return new ArrivalProfile(rates, 0, 1.0);
  }

  int hours() {
    return perHour.length;
  }

  /** Arrivals per second during {@code hour}, the incident included. */
  double ratePerSecond(int hour) {
    return normalPerSecond(hour) * (hour == incidentHour ? incidentFactor : 1.0);
  }

  /** Arrivals per second during {@code hour} on a day without the incident: what staffing plans for. */
  double normalPerSecond(int hour) {
    return perHour[hour] / 3600.0;
  }
}
