package dev.switchboard.config;

import java.time.Duration;

/** A priority tier with its SLA targets; tiers are listed highest first. */
public record TierConfig(
    @Required String name,
    @Required @Positive Duration firstResponse,
    @Required @Positive Duration nextResponse) {}
