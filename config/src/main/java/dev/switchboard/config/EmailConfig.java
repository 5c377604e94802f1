package dev.switchboard.config;

import java.util.List;

/** The support mailbox: read over IMAP, answered over SMTP. */
public record EmailConfig(
    ImapConfig imap,
    SmtpConfig smtp,
    @Required String address,
    @Positive DataSize maxMessageSize,
    @Positive Integer maxParts,
    @Positive Integer maxDepth,
    @Positive Integer maxCopies,
    @Positive DataSize maxAttachmentSize,
    List<String> attachmentTypes) {

  public EmailConfig {
    maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(25) : maxMessageSize;
    maxParts = maxParts == null ? 100 : maxParts;
    maxDepth = maxDepth == null ? 10 : maxDepth;
    maxCopies = maxCopies == null ? 10 : maxCopies;
    maxAttachmentSize = maxAttachmentSize == null ? DataSize.ofMegabytes(10) : maxAttachmentSize;
    attachmentTypes = attachmentTypes == null ? AttachmentTypes.DOCUMENTS : List.copyOf(attachmentTypes);
  }
}
