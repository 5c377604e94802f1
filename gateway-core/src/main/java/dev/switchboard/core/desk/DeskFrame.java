package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.routing.Presence;
import java.util.List;
import java.util.OptionalLong;

/** A frame from an agent's desk, already parsed and checked; {@link Unreadable} and {@link Invalid} say what was wrong. */
sealed interface DeskFrame {

  /** Signs the connection in; {@code resumeAfter} is the last {@code seq} the desk received, if any. */
  record Auth(String token, OptionalLong resumeAfter) implements DeskFrame {
    public Auth {
      requireNonNull(token, "token");
      requireNonNull(resumeAfter, "resumeAfter");
    }
  }

  record SetPresence(Presence presence) implements DeskFrame {
    public SetPresence {
      requireNonNull(presence, "presence");
    }
  }

  /** A command about one conversation that carries nothing else. */
  record OnConversation(Command command, ConversationId conversationId) implements DeskFrame {
    public OnConversation {
      requireNonNull(command, "command");
      requireNonNull(conversationId, "conversationId");
    }
  }

  /** The frame types of {@link OnConversation}. */
  enum Command { ACCEPT, DECLINE, RESOLVE, TYPING, HISTORY }

  record TransferToAgent(ConversationId conversationId, String agent) implements DeskFrame {
    public TransferToAgent {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(agent, "agent");
    }
  }

  record TransferToTier(ConversationId conversationId, String tier) implements DeskFrame {
    public TransferToTier {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(tier, "tier");
    }
  }

  /** A supervisor gives a waiting conversation to an agent. */
  record Assign(ConversationId conversationId, String agent) implements DeskFrame {
    public Assign {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(agent, "agent");
    }
  }

  /** A reply ({@link Direction#OUT}) or an internal note ({@link Direction#NOTE}). */
  record Write(ConversationId conversationId, Direction direction, String text, String clientId,
      List<String> attachmentIds) implements DeskFrame {
    public Write {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(direction, "direction");
      requireNonNull(text, "text");
      requireNonNull(clientId, "clientId");
      attachmentIds = List.copyOf(attachmentIds);
    }

    public Write(ConversationId conversationId, Direction direction, String text, String clientId) {
      this(conversationId, direction, text, clientId, List.of());
    }
  }

  /** Asks for a canned reply's text with its placeholders filled in for one conversation. */
  record ExpandCannedReply(ConversationId conversationId, String cannedReplyId) implements DeskFrame {
    public ExpandCannedReply {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(cannedReplyId, "cannedReplyId");
    }
  }

  /** A supervisor merges contact {@code from} into {@code into} ({@link ContactFrames}). */
  record MergeContacts(dev.switchboard.core.model.ContactId into, dev.switchboard.core.model.ContactId from)
      implements DeskFrame {
    public MergeContacts {
      requireNonNull(into, "into");
      requireNonNull(from, "from");
    }
  }

  /** A supervisor undoes merge {@code mergeId} into contact {@code into} ({@link ContactFrames}). */
  record UnmergeContacts(dev.switchboard.core.model.ContactId into, String mergeId) implements DeskFrame {
    public UnmergeContacts {
      requireNonNull(into, "into");
      requireNonNull(mergeId, "mergeId");
    }
  }

  /** A supervisor asks for the merges into a contact, newest first ({@link ContactFrames}). */
  record ListMerges(dev.switchboard.core.model.ContactId contactId) implements DeskFrame {
    public ListMerges {
      requireNonNull(contactId, "contactId");
    }
  }

  /** A supervisor looks contacts up by name, e-mail address or phone number ({@link ContactFrames}). */
  record FindContacts(String q) implements DeskFrame {
    public FindContacts {
      requireNonNull(q, "q");
    }
  }

  /** Schedules a message for {@code at}, sent unless the customer writes first; {@code clientId} dedupes a resend. */
  record ScheduleFollowUp(ConversationId conversationId, java.time.Instant at, String text, String clientId)
      implements DeskFrame {
    public ScheduleFollowUp {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(at, "at");
      requireNonNull(text, "text");
      requireNonNull(clientId, "clientId");
    }
  }

  /** Cancels a scheduled follow-up (its author or a supervisor). */
  record CancelFollowUp(String followUpId) implements DeskFrame {
    public CancelFollowUp {
      requireNonNull(followUpId, "followUpId");
    }
  }

  /** Asks for the follow-ups this agent has scheduled. */
  record ListFollowUps() implements DeskFrame {}

  /** A full-text search ({@code q} as typed; checked by {@link DeskSearch}); {@code limit} null for the default. */
  record Search(String query, Long limit) implements DeskFrame {
    public Search {
      requireNonNull(query, "query");
    }
  }

  /** Tags to add to and remove from a conversation, as sent (checked by {@link DeskTags}). */
  record Tag(ConversationId conversationId, List<String> add, List<String> remove) implements DeskFrame {
    public Tag {
      requireNonNull(conversationId, "conversationId");
      add = List.copyOf(add);
      remove = List.copyOf(remove);
    }
  }

  /** A supervisor opens an incident; {@code json} is the whole frame, read as {@code POST /api/incidents} reads its body. */
  record OpenIncident(String json) implements DeskFrame {
    public OpenIncident {
      requireNonNull(json, "json");
    }
  }

  /** Asks for the open incidents (supervisors). */
  record ListIncidents() implements DeskFrame {}

  /** A supervisor posts an update to an incident, or with {@code resolve} its final message. */
  record PostIncidentUpdate(String incidentId, String text, boolean resolve) implements DeskFrame {
    public PostIncidentUpdate {
      requireNonNull(incidentId, "incidentId");
      requireNonNull(text, "text");
    }
  }

  /** Not a frame at all: not JSON, or no string {@code type}. Answered with an error even before {@code auth}. */
  record Unreadable(String code, String message) implements DeskFrame {
    public Unreadable {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }
  }

  /**
   * A frame of an unknown type or with missing or bad fields; answered with an {@code error} frame, which
   * names the {@code clientId} of a refused reply or note (null otherwise).
   */
  record Invalid(String code, String message, String clientId) implements DeskFrame {
    public Invalid {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }

    Invalid(String code, String message) {
      this(code, message, null);
    }
  }
}
