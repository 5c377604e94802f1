package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import java.time.Instant;
import java.util.List;

/** A changed copy of a conversation's router-owned fields. */
final class Edit {

  private final Conversation c;
  private ConversationStatus status;
  private String tier;
  private List<String> skills;
  private String assignee;
  private String lastAgent;
  private Instant queuedAt;
  private Instant firstResponseDue;
  private Instant nextResponseDue;
  private Instant firstRespondedAt;

  private Edit(Conversation c) {
    this.c = c;
    status = c.status();
    tier = c.tier();
    skills = c.skills();
    assignee = c.assignee();
    lastAgent = c.lastAgent();
    queuedAt = c.queuedAt();
    firstResponseDue = c.firstResponseDue();
    nextResponseDue = c.nextResponseDue();
    firstRespondedAt = c.firstRespondedAt();
  }

  static Edit of(Conversation c) {
    return new Edit(c);
  }

  Edit status(ConversationStatus v) { status = v; return this; }
  Edit tier(String v) { tier = v; return this; }
  Edit skills(List<String> v) { skills = v; return this; }
  Edit assignee(String v) { assignee = v; return this; }
  Edit lastAgent(String v) { lastAgent = v; return this; }
  Edit queuedAt(Instant v) { queuedAt = v; return this; }
  Edit firstResponseDue(Instant v) { firstResponseDue = v; return this; }
  Edit nextResponseDue(Instant v) { nextResponseDue = v; return this; }
  Edit firstRespondedAt(Instant v) { firstRespondedAt = v; return this; }

  Conversation at(Instant now) {
    return c.toBuilder().status(status).tier(tier).skills(skills).assignee(assignee).lastAgent(lastAgent)
        .queuedAt(queuedAt).firstResponseDue(firstResponseDue).nextResponseDue(nextResponseDue)
        .firstRespondedAt(firstRespondedAt).updatedAt(now).build();
  }
}
