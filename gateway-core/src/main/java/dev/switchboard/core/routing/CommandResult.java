package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import java.util.Locale;

/** The router's answer to an agent's command: done, or refused with a code the desk shows as an error. */
public sealed interface CommandResult {

  /** Done; {@code conversation} as it now is. */
  record Done(Conversation conversation) implements CommandResult {}

  /** Refused, nothing changed. */
  record Refused(Refusal code, String message) implements CommandResult {
    public Refused {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }
  }

  /** Why a command was refused; {@link #key()} is the desk's {@code error.code}. */
  enum Refusal {
    UNKNOWN_AGENT, NOT_OFFERED, NOT_FOUND, FORBIDDEN, BAD_REQUEST, AGENT_UNAVAILABLE, AGENT_AT_CAPACITY, UNKNOWN_TIER,
    NOT_WAITING;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static CommandResult refused(Refusal code, String message) {
    return new Refused(code, message);
  }
}
