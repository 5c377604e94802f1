package dev.switchboard.config;

import java.time.Duration;

/**
 * A priority tier with its SLA targets; tiers are listed highest first. {@code businessHours} names a
 * schedule of {@code routing.schedules}: its targets then count open hours only; {@code null}: round the clock.
 */
public record TierConfig(
    @Required String name,
    @Required @Positive Duration firstResponse,
    @Required @Positive Duration nextResponse,
    String businessHours) {

  /** A tier whose targets count round the clock. */
  public TierConfig(String name, Duration firstResponse, Duration nextResponse) {
    this(name, firstResponse, nextResponse, null);
  }
}
