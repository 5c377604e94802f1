package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.util.List;
import java.util.Locale;

/** What a merge or an unmerge did: {@link Done}, or {@link Refused} with nothing changed. */
public sealed interface MergeOutcome {

  /**
   * The merge (or unmerge) committed. {@code moved}: the conversations that changed contact, as now
   * stored. {@code kept}: for an unmerge, the conversations the surviving contact gained after the merge;
   * they were not part of it and stay where they are. Empty for a merge.
   */
  record Done(ContactMerge merge, List<Conversation> moved, List<ConversationId> kept) implements MergeOutcome {
    public Done {
      requireNonNull(merge, "merge");
      moved = List.copyOf(moved);
      kept = List.copyOf(kept);
    }
  }

  record Refused(Refusal reason, String message) implements MergeOutcome {
    public Refused {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }

  /** Why a merge or unmerge changed nothing; {@link #status()} is the HTTP status an API answers with. */
  enum Refusal {
    /** A contact merged into itself. */
    SAME_CONTACT(400),
    UNKNOWN_CONTACT(404),
    UNKNOWN_MERGE(404),
    /** {@code from} was merged already (it is empty), or {@code into} was merged into another since. */
    ALREADY_MERGED(409),
    ALREADY_UNDONE(409);

    private final int status;

    Refusal(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** The lower-case name used as an error code. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
