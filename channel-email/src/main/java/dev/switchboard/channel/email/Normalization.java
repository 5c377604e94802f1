package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

/** What reading a raw mail gave: a normalized mail, or a refusal with its reason. */
sealed interface Normalization {

  record Accepted(NormalizedMail mail) implements Normalization {
    public Accepted {
      requireNonNull(mail, "mail");
    }
  }

  record Refused(Refusal reason, String message) implements Normalization {
    public Refused {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }
}
