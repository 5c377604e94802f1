package dev.switchboard.core.model;

/** Where a conversation stands. */
public enum ConversationStatus {
  /** Waiting in the routing queue for an agent (offers are router state, not a status). */
  QUEUED,
  /** Held by an agent. */
  ASSIGNED,
  /** Done; a new inbound message reopens it. */
  RESOLVED;

  public boolean isOpen() {
    return this != RESOLVED;
  }
}
