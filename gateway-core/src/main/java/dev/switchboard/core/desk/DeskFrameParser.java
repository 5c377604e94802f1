package dev.switchboard.core.desk;

import dev.switchboard.core.http.JsonFields;
import java.io.IOException;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.routing.Presence;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads an agent's text frame into a {@link DeskFrame}, applying the field and length rules; it never
 * throws, and decides nothing about who may do what (that is the router's and the store's job).
 */
final class DeskFrameParser {

  /** Most files one reply or note carries. */
  static final int MAX_ATTACHMENTS = 10;

  private final int maxTextLength;

  DeskFrameParser(int maxTextLength) {
    if (maxTextLength < 1) {
      throw new IllegalArgumentException("maxTextLength: " + maxTextLength + " (expected: > 0)");
    }
    this.maxTextLength = maxTextLength;
  }

  DeskFrame parse(String text) {
    JsonFields frame;
    try {
      frame = JsonFields.read(text);
    } catch (IOException e) {
      return new DeskFrame.Unreadable("bad_json", "the frame is not JSON");
    }
    String type = frame == null ? null : frame.text("type");
    if (type == null) {
      return new DeskFrame.Unreadable("bad_frame", "a frame is a JSON object with a string `type`");
    }
    return switch (type) {
      case "auth" -> auth(frame);
      case "presence" -> presence(frame);
      case "accept" -> on(DeskFrame.Command.ACCEPT, frame);
      case "decline" -> on(DeskFrame.Command.DECLINE, frame);
      case "resolve" -> on(DeskFrame.Command.RESOLVE, frame);
      case "typing" -> on(DeskFrame.Command.TYPING, frame);
      case "history" -> on(DeskFrame.Command.HISTORY, frame);
      case "transfer" -> transfer(frame);
      case "assign" -> assign(frame);
      case "reply" -> write(frame, Direction.OUT);
      case "note" -> write(frame, Direction.NOTE);
      case "expand_canned_reply" -> expandCannedReply(frame);
      case "merge_contacts" -> ContactFrames.parseMerge(frame);
      case "find_contacts" -> ContactFrames.parseFind(frame);
      case "unmerge_contacts" -> ContactFrames.parseUnmerge(frame);
      case "contact_merges" -> ContactFrames.parseListMerges(frame);
      case "follow_up" -> followUp(frame);
      case "cancel_follow_up" -> cancelFollowUp(frame);
      case "follow_ups" -> new DeskFrame.ListFollowUps();
      case "search" -> SearchFrames.search(frame);
      case "tag" -> SearchFrames.tag(frame, text);
      case "open_incident" -> new DeskFrame.OpenIncident(text);
      case "incidents" -> new DeskFrame.ListIncidents();
      case "incident_update" -> incidentUpdate(frame);
      default -> new DeskFrame.Invalid("unknown_type", "unknown frame type `" + type + "`");
    };
  }

  private static DeskFrame auth(JsonFields frame) {
    Long resume = frame.asLong("resumeAfter");
    return new DeskFrame.Auth(orEmpty(frame.scalarText("token")),
        resume != null ? OptionalLong.of(resume) : OptionalLong.empty());
  }

  private static DeskFrame presence(JsonFields frame) {
    try {
      return new DeskFrame.SetPresence(Presence.ofKey(frame.scalarText("status")));
    } catch (IllegalArgumentException e) {
      return new DeskFrame.Invalid("bad_request", e.getMessage());
    }
  }

  private static DeskFrame on(DeskFrame.Command command, JsonFields frame) {
    ConversationId id = conversationId(frame);
    return id == null ? missingId() : new DeskFrame.OnConversation(command, id);
  }

  private static DeskFrame transfer(JsonFields frame) {
    ConversationId id = conversationId(frame);
    if (id == null) {
      return missingId();
    }
    String toAgent = frame.scalarText("toAgent");
    String toTier = frame.scalarText("toTier");
    if ((toAgent == null) == (toTier == null)) {
      return new DeskFrame.Invalid("bad_request", "transfer needs exactly one of `toAgent` and `toTier`");
    }
    return toAgent != null ? new DeskFrame.TransferToAgent(id, toAgent) : new DeskFrame.TransferToTier(id, toTier);
  }

  private static DeskFrame assign(JsonFields frame) {
    ConversationId id = conversationId(frame);
    String toAgent = orEmpty(frame.scalarText("toAgent"));
    if (id == null) {
      return missingId();
    }
    return toAgent.isBlank() ? new DeskFrame.Invalid("bad_request", "`toAgent` is required")
        : new DeskFrame.Assign(id, toAgent);
  }

  private DeskFrame write(JsonFields frame, Direction direction) {
    ConversationId id = conversationId(frame);
    if (id == null) {
      return missingId();
    }
    String text = orEmpty(frame.scalarText("text"));
    String clientId = frame.scalarText("clientId");
    List<String> attachmentIds = frame.strings("attachmentIds");
    if (attachmentIds == null || attachmentIds.size() > MAX_ATTACHMENTS
        || attachmentIds.stream().anyMatch(String::isBlank)) {
      return new DeskFrame.Invalid("bad_request", "`attachmentIds` is a list of at most " + MAX_ATTACHMENTS
          + " attachment ids (from POST /api/attachments)", clientId);
    }
    if ((text.isBlank() && attachmentIds.isEmpty()) || clientId == null || clientId.isBlank()) {
      return new DeskFrame.Invalid("bad_request", "`text` (or `attachmentIds`) and `clientId` are required", clientId);
    }
    if (text.length() > maxTextLength) {
      return new DeskFrame.Invalid("too_long", "text longer than " + maxTextLength + " characters", clientId);
    }
    return new DeskFrame.Write(id, direction, text, clientId, attachmentIds);
  }

  private static DeskFrame expandCannedReply(JsonFields frame) {
    ConversationId id = conversationId(frame);
    if (id == null) {
      return missingId();
    }
    String reply = frame.scalarText("cannedReplyId");
    if (reply == null || reply.isBlank()) {
      return new DeskFrame.Invalid("bad_request", "`cannedReplyId` is required");
    }
    return new DeskFrame.ExpandCannedReply(id, reply);
  }

  private DeskFrame followUp(JsonFields frame) {
    ConversationId id = conversationId(frame);
    if (id == null) {
      return missingId();
    }
    String text = orEmpty(frame.scalarText("text"));
    String clientId = frame.scalarText("clientId");
    String at = frame.scalarText("at");
    if (text.isBlank() || clientId == null || clientId.isBlank() || at == null) {
      return new DeskFrame.Invalid("bad_request", "`at`, `text` and `clientId` are required");
    }
    if (text.length() > maxTextLength) {
      return new DeskFrame.Invalid("too_long", "text longer than " + maxTextLength + " characters");
    }
    try {
      return new DeskFrame.ScheduleFollowUp(id, java.time.Instant.parse(at), text, clientId);
    } catch (java.time.format.DateTimeParseException e) {
      return new DeskFrame.Invalid("bad_request", "`at` is not an ISO-8601 instant such as 2026-03-02T09:00:00Z");
    }
  }

  private DeskFrame incidentUpdate(JsonFields frame) {
    String id = orEmpty(frame.scalarText("incidentId"));
    String text = orEmpty(frame.scalarText("text")).strip();
    if (id.isBlank() || text.isEmpty()) {
      return new DeskFrame.Invalid("bad_request", "`incidentId` and `text` are required");
    }
    if (text.length() > maxTextLength) {
      return new DeskFrame.Invalid("too_long", "text longer than " + maxTextLength + " characters");
    }
    return new DeskFrame.PostIncidentUpdate(id, text, "true".equals(frame.scalarText("resolve")));
  }

  private static DeskFrame cancelFollowUp(JsonFields frame) {
    String id = frame.scalarText("followUpId");
    return id == null || id.isBlank() ? new DeskFrame.Invalid("bad_request", "`followUpId` is required")
        : new DeskFrame.CancelFollowUp(id);
  }

  private static ConversationId conversationId(JsonFields frame) {
    String id = orEmpty(frame.scalarText("conversationId"));
    return id.isBlank() ? null : new ConversationId(id);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static DeskFrame missingId() {
    return new DeskFrame.Invalid("bad_request", "`conversationId` is required");
  }
}
