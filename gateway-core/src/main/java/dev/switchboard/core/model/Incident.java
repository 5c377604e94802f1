package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Many customers writing about one thing (an outage): the conversations its {@link IncidentMatch} finds are
 * linked to it, wait in it instead of the routing queue, and get its updates. {@code statusText} answers
 * each conversation as it is linked.
 */
public record Incident(String id, String title, IncidentMatch match, Status status, String statusText,
    String createdBy, Instant createdAt, Optional<Instant> resolvedAt) {

  /** Where an incident stands; {@link #RESOLVED} is final. */
  public enum Status {
    OPEN, RESOLVED;

    /** The lower-case name used in JSON. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Incident {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(match, "match");
    requireNonNull(status, "status");
    requireNonNull(statusText, "statusText");
    requireNonNull(createdBy, "createdBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(resolvedAt, "resolvedAt");
  }

  /** A new open incident. */
  public static Incident open(String title, IncidentMatch match, String statusText, String createdBy, Instant now) {
    return new Incident(Ids.next(), title, match, Status.OPEN, statusText, createdBy, now, Optional.empty());
  }

  public boolean isOpen() {
    return status == Status.OPEN;
  }
}
