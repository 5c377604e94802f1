package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A customer's consent for one pair of addresses: opted out or in, as decided by a message of {@code changedAt}. */
public record OptOutState(boolean optedOut, Instant changedAt) {
  public OptOutState {
    requireNonNull(changedAt, "changedAt");
  }
}
