package dev.switchboard.core.routing;

import java.time.Duration;

/**
 * The steps a visitor's place in line moves by before they are told again, and the rounding of the ETA
 * they are shown: every place up to 10, then 5s up to 50, 10s up to 100, 50s beyond; the ETA in whole
 * minutes (at least one) up to 10 minutes, 5 minutes up to an hour, quarter hours beyond. A visitor is
 * told when the step changes, so a queue of 3,000 does not send a frame each time one chat is taken.
 */
final class PlaceSteps {

  private PlaceSteps() {}

  /** The step {@code position} falls in: itself up to 10, else rounded up to its bucket. */
  static int position(int position) {
    if (position <= 10) {
      return position;
    }
    int bucket = position <= 50 ? 5 : position <= 100 ? 10 : 50;
    return ceil(position, bucket);
  }

  /** {@code eta} rounded up to the minute, 5 minutes or quarter hour; never under one minute. */
  static Duration eta(Duration eta) {
    long minutes = Math.max(1, (eta.toSeconds() + 59) / 60);
    if (minutes > 60) {
      minutes = ceil(minutes, 15);
    } else if (minutes > 10) {
      minutes = ceil(minutes, 5);
    }
    return Duration.ofMinutes(minutes);
  }

  private static int ceil(int v, int step) {
    return (v + step - 1) / step * step;
  }

  private static long ceil(long v, long step) {
    return (v + step - 1) / step * step;
  }
}
