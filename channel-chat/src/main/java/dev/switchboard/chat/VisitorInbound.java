package dev.switchboard.chat;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;

/**
 * A visitor's message (a {@code message} frame or an upload) as the ingest takes it: from the visitor's
 * identity, on the visitor's thread, deduplicated by {@link #externalId}.
 */
final class VisitorInbound {

  private VisitorInbound() {}

  /** The builder of {@code visitorId}'s message sent under {@code clientId}; the caller adds the content. */
  static InboundMessage.Builder builder(String visitorId, String clientId) {
    return InboundMessage.builder(Channel.CHAT, Identity.chatVisitor(visitorId), externalId(visitorId, clientId),
        visitorId);
  }

  /**
   * The key a resend is found by: the client's id first, then the visitor's id (64 hex digits, so the key
   * reads unambiguously from the right whatever the client's id holds). The client's id leads because the
   * widget makes it time-ordered ({@code storage.js}): the unique index on (channel, external id) then takes
   * each new message near its right edge, as it does a ULID, instead of in the middle of the visitor's own
   * range, where SQLite rebalanced the full leaf and its siblings over and over (docs/architecture.md, "A chat
   * message's key leads with the client's id"). V20 turned the keys stored before it around.
   */
  static String externalId(String visitorId, String clientId) {
    return clientId + ":" + visitorId;
  }
}
