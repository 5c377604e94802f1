package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import java.time.Instant;
import java.util.List;

/**
 * A changed copy of a conversation's router-owned fields: {@link Conversation.Builder} narrowed to what the
 * router may change, stamped with the time of the change by {@link #at}.
 */
final class Edit {

  private final Conversation.Builder b;

  private Edit(Conversation c) {
    b = c.toBuilder();
  }

  static Edit of(Conversation c) {
    return new Edit(c);
  }

  Edit status(ConversationStatus v) { b.status(v); return this; }
  Edit tier(String v) { b.tier(v); return this; }
  Edit skills(List<String> v) { b.skills(v); return this; }
  Edit assignee(String v) { b.assignee(v); return this; }
  Edit lastAgent(String v) { b.lastAgent(v); return this; }
  Edit queuedAt(Instant v) { b.queuedAt(v); return this; }
  Edit firstResponseDue(Instant v) { b.firstResponseDue(v); return this; }
  Edit nextResponseDue(Instant v) { b.nextResponseDue(v); return this; }
  Edit firstRespondedAt(Instant v) { b.firstRespondedAt(v); return this; }

  Conversation at(Instant now) {
    return b.updatedAt(now).build();
  }
}
