package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.IngestResult;

/** What became of one raw mail: taken into the store (now or before), or refused with a reason. */
sealed interface IntakeOutcome {

  record Taken(IngestResult result) implements IntakeOutcome {
    public Taken {
      requireNonNull(result, "result");
    }

    boolean duplicate() {
      return result instanceof IngestResult.Duplicate;
    }
  }

  record Refused(Refusal reason, String message) implements IntakeOutcome {
    public Refused {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }
}
