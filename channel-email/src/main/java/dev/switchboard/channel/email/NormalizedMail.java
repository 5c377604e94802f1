package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Identity;
import java.util.List;
import java.util.Map;

/**
 * A customer's mail reduced to what the gateway keeps. {@code messageId} is bare (see {@link MessageIds})
 * and synthetic when the mail had none; {@code text} is trimmed for the agent and {@code fullText} is the
 * original when trimming changed it (else null); {@code html} is sanitized or null; {@code automatedReason}
 * says why the mail counts as automated, or is null; {@code attachments} are as the blob store took them in
 * (small ones' bytes held for the ingest to write with the message).
 */
record NormalizedMail(
    Identity sender,
    String senderName,
    String messageId,
    List<String> references,
    String conversationRef,
    String subject,
    String text,
    String fullText,
    String html,
    List<Blob> attachments,
    String automatedReason,
    List<String> to,
    List<String> cc,
    Map<String, String> metadata) {

  NormalizedMail {
    requireNonNull(sender, "sender");
    requireNonNull(messageId, "messageId");
    references = List.copyOf(references);
    requireNonNull(text, "text");
    attachments = List.copyOf(attachments);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    metadata = Map.copyOf(metadata);
  }

  boolean automated() {
    return automatedReason != null;
  }
}
