package dev.switchboard.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer's message as a channel adapter hands it to {@link Ingest}, already normalized.
 *
 * <ul>
 *   <li>{@code externalId}: the channel's id for this message (Message-ID, MessageSid, visitor+clientId);
 *       with the channel it dedupes retries.</li>
 *   <li>{@code threadKey}: the conversation this belongs to in the channel's terms (the SMS number pair,
 *       the chat visitor, the first mail's Message-ID). An open conversation with the same channel,
 *       contact and key takes the message.</li>
 *   <li>{@code references}: external ids of earlier messages this one answers (In-Reply-To, References);
 *       a match on any stored message, ours or theirs, threads into that conversation first.</li>
 *   <li>{@code conversationRef}: a conversation's short ref found in the message (an e-mail subject
 *       token like {@code [#AB12CD]}), tried after {@code references}.</li>
 *   <li>{@code automated}: an auto-reply, bounce or bulk mail: stored, never routed as new work, never
 *       answered by the auto-reply.</li>
 *   <li>{@code fullText}: the untrimmed original where {@code text} was trimmed for the agent; may be null.</li>
 *   <li>{@code attachments}: as the {@link dev.switchboard.core.store.BlobStore} took them in; small ones'
 *       content is written with the message.</li>
 *   <li>{@code metadata}: channel details worth keeping (To, Cc, the number it was sent to).</li>
 * </ul>
 */
public record InboundMessage(
    Channel channel,
    Identity sender,
    String senderName,
    String externalId,
    String threadKey,
    List<String> references,
    String conversationRef,
    String subject,
    String text,
    String fullText,
    String html,
    List<Blob> attachments,
    boolean automated,
    Map<String, String> metadata,
    Instant receivedAt) {

  public InboundMessage {
    requireNonNull(channel, "channel");
    requireNonNull(sender, "sender");
    requireNonNull(externalId, "externalId");
    requireNonNull(threadKey, "threadKey");
    references = references == null ? List.of() : List.copyOf(references);
    text = text == null ? "" : text;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    requireNonNull(receivedAt, "receivedAt");
  }

  /** Starts a message with the required parts; the rest default to empty. */
  public static Builder builder(Channel channel, Identity sender, String externalId, String threadKey) {
    return new Builder(channel, sender, externalId, threadKey);
  }

  /** Builds an {@link InboundMessage}; every setter is optional. */
  public static final class Builder {
    private final Channel channel;
    private final Identity sender;
    private final String externalId;
    private final String threadKey;
    private String senderName;
    private List<String> references = List.of();
    private String conversationRef;
    private String subject;
    private String text = "";
    private String fullText;
    private String html;
    private List<Blob> attachments = List.of();
    private boolean automated;
    private Map<String, String> metadata = Map.of();
    private Instant receivedAt;

    private Builder(Channel channel, Identity sender, String externalId, String threadKey) {
      this.channel = channel;
      this.sender = sender;
      this.externalId = externalId;
      this.threadKey = threadKey;
    }

    public Builder senderName(String v) { senderName = v; return this; }
    public Builder references(List<String> v) { references = v; return this; }
    public Builder conversationRef(String v) { conversationRef = v; return this; }
    public Builder subject(String v) { subject = v; return this; }
    public Builder text(String v) { text = v; return this; }
    public Builder fullText(String v) { fullText = v; return this; }
    public Builder html(String v) { html = v; return this; }
    public Builder attachments(List<? extends Blob> v) { attachments = List.copyOf(v); return this; }
    public Builder automated(boolean v) { automated = v; return this; }
    public Builder metadata(Map<String, String> v) { metadata = v; return this; }
    public Builder receivedAt(Instant v) { receivedAt = v; return this; }

    public InboundMessage build() {
      return new InboundMessage(channel, sender, senderName, externalId, threadKey, references,
          conversationRef, subject, text, fullText, html, attachments, automated, metadata, receivedAt);
    }
  }
}
