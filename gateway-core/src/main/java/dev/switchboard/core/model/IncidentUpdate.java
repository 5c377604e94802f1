package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A message posted to every conversation linked to an incident; {@code last} for the one sent as it is
 * resolved. {@code queued} counts the messages it became; {@code storedAt} is when the last was stored.
 */
public record IncidentUpdate(String id, String incidentId, String text, boolean last, String createdBy,
    Instant createdAt, int queued, Optional<Instant> storedAt) {

  public IncidentUpdate {
    requireNonNull(id, "id");
    requireNonNull(incidentId, "incidentId");
    requireNonNull(text, "text");
    requireNonNull(createdBy, "createdBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(storedAt, "storedAt");
  }

  /** A new update of {@code incidentId}, none of its messages stored yet. */
  public static IncidentUpdate post(String incidentId, String text, boolean last, String createdBy, Instant now) {
    return new IncidentUpdate(Ids.next(), incidentId, text, last, createdBy, now, 0, Optional.empty());
  }

  /** The client id of the message this update becomes in each conversation (unique per conversation). */
  public String clientId() {
    return "incident:" + incidentId + ":" + id;
  }
}
