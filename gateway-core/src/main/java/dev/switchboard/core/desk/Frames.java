package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.CannedReplyConfig;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.routing.AgentState;
import dev.switchboard.core.routing.RoutingDecision;
import java.time.Instant;
import java.util.List;

/**
 * The server frames of the agent desk protocol, as JSON objects ({@code seq} is added when sent). Model
 * values go in as POJO nodes, serialized straight into the frame's text by {@link Json}'s mapper when it
 * is sent, rather than first copied into a tree ({@code valueToTree}) and then serialized from it: the
 * text is the same. Such a frame must be written with {@link Json#writeString}, not {@code toString()}.
 */
final class Frames {

  private Frames() {}

  static ObjectNode frame(String type) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("type", type);
    return n;
  }

  static ObjectNode error(String code, String message) {
    return frame("error").put("code", code).put("message", message);
  }

  /** The agent's state as the router holds it: presence, held conversations and open offers (in short). */
  static ObjectNode ready(String agent, AgentState state) {
    ObjectNode n = frame("ready").put("agent", agent).put("presence", state.presence().key());
    n.putPOJO("conversations", state.conversations());
    ArrayNode offers = n.putArray("offers");
    for (RoutingDecision.Offer o : state.offers()) {
      offers.addObject().put("conversationId", o.conversation().id().value())
          .put("tier", o.conversation().tier()).put("channel", o.conversation().channel().key())
          .put("expiresAt", IsoInstant.format(o.expiresAt()));
    }
    return n;
  }

  /** Adds the agent's canned replies to a {@code ready} frame. */
  static ObjectNode withCannedReplies(ObjectNode ready, List<CannedReplyConfig> replies) {
    CannedReplies.toJson(ready.putArray("cannedReplies"), replies);
    return ready;
  }

  /** The agent's canned replies after a config reload changed them. */
  static ObjectNode cannedReplies(List<CannedReplyConfig> replies) {
    ObjectNode n = frame("canned_replies");
    CannedReplies.toJson(n.putArray("cannedReplies"), replies);
    return n;
  }

  static ObjectNode cannedReplyExpanded(ConversationId id, String cannedReplyId, String text) {
    return frame("canned_reply_expanded").put("conversationId", id.value()).put("cannedReplyId", cannedReplyId)
        .put("text", text);
  }

  static ObjectNode offer(Conversation c, Contact contact, String preview, Instant expiresAt) {
    ObjectNode n = frame("offer").put("conversationId", c.id().value()).put("tier", c.tier())
        .put("channel", c.channel().key()).put("preview", preview).put("expiresAt", IsoInstant.format(expiresAt));
    n.putPOJO("contact", contact);
    n.putPOJO("conversation", c);
    return n;
  }

  static ObjectNode offerRevoked(ConversationId id, String reason) {
    return frame("offer_revoked").put("conversationId", id.value()).put("reason", reason);
  }

  /** {@code assigned} and {@code history} carry the same thing: the conversation, its messages, the contact and their other conversations. */
  static ObjectNode withHistory(String type, Conversation c, List<Message> messages, Contact contact,
      List<Conversation> others) {
    ObjectNode n = frame(type).put("conversationId", c.id().value());
    n.putPOJO("conversation", c);
    n.putPOJO("messages", messages);
    n.putPOJO("contact", contact);
    n.putPOJO("otherConversations", others);
    return n;
  }

  /** A chat message's frame to its assignee, streamed: see {@link PushedFrame.MessagePush}. */
  static PushedFrame message(Message m) {
    return new PushedFrame.MessagePush(m);
  }

  static ObjectNode conversationUpdated(Conversation c, String reason) {
    ObjectNode n = frame("conversation_updated");
    n.putPOJO("conversation", c);
    if (reason != null) {
      n.put("reason", reason);
    }
    return n;
  }

  static ObjectNode slaWarning(RoutingDecision.SlaWarning w) {
    Conversation c = w.conversation();
    return frame("sla_warning").put("conversationId", c.id().value()).put("tier", w.tier())
        .put("channel", c.channel().key()).put("state", w.state().key()).put("assignee", w.assignee())
        .put("dueAt", w.dueAt().toString()).put("percent", w.percent());
  }

  static ObjectNode delivery(ConversationId conversationId, String messageId, String status, String detail) {
    return frame("delivery").put("conversationId", conversationId.value()).put("messageId", messageId)
        .put("status", status).put("detail", detail);
  }

  static ObjectNode ack(String clientId, String messageId) {
    return frame("ack").put("clientId", clientId).put("messageId", messageId);
  }

  static ObjectNode typing(ConversationId id) {
    return frame("typing").put("conversationId", id.value());
  }

  static ObjectNode followUpUpdated(FollowUp f) {
    ObjectNode n = frame("follow_up_updated");
    n.set("followUp", followUp(f));
    return n;
  }

  static ObjectNode followUps(List<FollowUp> list) {
    ObjectNode n = frame("follow_ups");
    ArrayNode a = n.putArray("followUps");
    list.forEach(f -> a.add(followUp(f)));
    return n;
  }

  private static ObjectNode followUp(FollowUp f) {
    ObjectNode n = Json.mapper().createObjectNode()
        .put("id", f.id())
        .put("conversationId", f.conversationId().value())
        .put("at", IsoInstant.format(f.dueAt()))
        .put("text", f.text())
        .put("status", f.status().key())
        .put("createdAt", IsoInstant.format(f.createdAt()));
    f.messageId().ifPresent(m -> n.put("messageId", m.value()));
    return n;
  }
}
