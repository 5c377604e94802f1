package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;

/** The router's answer to an agent's command: done, or refused with a code the desk shows as an error. */
public sealed interface CommandResult {

  /** Done; {@code conversation} as it now is. */
  record Done(Conversation conversation) implements CommandResult {}

  /** Refused, nothing changed. */
  record Refused(String code, String message) implements CommandResult {
    public Refused {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }
  }

  static CommandResult refused(String code, String message) {
    return new Refused(code, message);
  }
}
