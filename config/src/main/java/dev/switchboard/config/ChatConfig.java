package dev.switchboard.config;

import java.time.Duration;
import java.util.List;

/**
 * The customer chat websocket and its widget. {@code awayAfter}: how long a visitor with a proved e-mail
 * address or phone number must be gone before the agent's unread replies follow them there; null: never.
 */
public record ChatConfig(
    List<String> allowedOrigins,
    @Positive Integer maxMessageLength,
    @Positive DataSize maxFrameSize,
    @Positive Integer messagesPerMinute,
    @Positive Duration idleTimeout,
    @Positive DataSize maxAttachmentSize,
    List<String> attachmentTypes,
    @Positive Duration awayAfter) {

  public ChatConfig {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    maxMessageLength = maxMessageLength == null ? 4000 : maxMessageLength;
    maxFrameSize = maxFrameSize == null ? DataSize.ofKilobytes(64) : maxFrameSize;
    messagesPerMinute = messagesPerMinute == null ? 60 : messagesPerMinute;
    idleTimeout = idleTimeout == null ? Duration.ofMinutes(2) : idleTimeout;
    maxAttachmentSize = maxAttachmentSize == null ? DataSize.ofMegabytes(10) : maxAttachmentSize;
    attachmentTypes = attachmentTypes == null ? AttachmentTypes.DOCUMENTS : List.copyOf(attachmentTypes);
  }
}
