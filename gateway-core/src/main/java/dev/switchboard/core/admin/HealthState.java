package dev.switchboard.core.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * What one part of the gateway reports to {@code /health/ready}: up; degraded (working, but a provider
 * it depends on is failing, with why and since when); or down.
 */
public record HealthState(Status status, String reason, Instant since) {

  /** The states, worst last. */
  public enum Status {
    UP, DEGRADED, DOWN;

    /** The lower-case name used in JSON. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final HealthState UP = new HealthState(Status.UP, null, null);
  private static final HealthState DOWN = new HealthState(Status.DOWN, null, null);

  public HealthState {
    requireNonNull(status, "status");
    if (status == Status.DEGRADED) {
      requireNonNull(reason, "reason");
      requireNonNull(since, "since");
    }
  }

  public static HealthState up() {
    return UP;
  }

  public static HealthState down() {
    return DOWN;
  }

  public static HealthState degraded(String reason, Instant since) {
    return new HealthState(Status.DEGRADED, reason, since);
  }

  public static HealthState of(boolean up) {
    return up ? UP : DOWN;
  }
}
