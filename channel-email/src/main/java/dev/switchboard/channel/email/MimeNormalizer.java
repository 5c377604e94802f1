package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Blob;
import dev.switchboard.core.store.BlobStore;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads a spooled raw mail into a {@link NormalizedMail}: sender, threading ids, subject token, the
 * text (trimmed for the agent, the original kept), safe HTML, attachments taken in by the {@link BlobStore}
 * (small ones held in memory for the ingest's transaction, large ones streamed into a synced file), and
 * whether it is automated. Mail over the limits (parts and depth counted by
 * {@link MimeStructure} before parsing), without a usable sender or
 * without readable headers is refused with a reason; nothing in the mail can make this throw, only a
 * failing blob store can ({@link IOException}, worth a retry).
 */
final class MimeNormalizer {

  static {
    StreamProviderPin.pin();
  }

  private static final Session SESSION = Session.getInstance(lenientParsing());

  private final MailLimits limits;
  private final BlobStore blobs;

  MimeNormalizer(MailLimits limits, BlobStore blobs) {
    this.limits = requireNonNull(limits, "limits");
    this.blobs = requireNonNull(blobs, "blobs");
  }

  Normalization normalize(SpooledMail raw) throws IOException {
    if (raw.size() > limits.maxBytes()) {
      return new Normalization.Refused(Refusal.TOO_LARGE,
          "the mail has " + raw.size() + " bytes, more than the limit of " + limits.maxBytes());
    }
    // Counted before Jakarta Mail builds anything: it parses a multipart level whole, all parts at once.
    Optional<Normalization.Refused> structure;
    try (InputStream in = raw.open()) {
      structure = MimeStructure.check(in, limits);
    }
    if (structure.isPresent()) {
      return structure.get();
    }
    try (InputStream in = raw.open()) {
      MimeMessage message;
      try {
        message = new MimeMessage(SESSION, in);
      } catch (MessagingException | RuntimeException e) {
        return new Normalization.Refused(Refusal.UNREADABLE, "the mail's headers cannot be read: " + e.getMessage());
      }
      return normalize(message, raw);
    }
  }

  private Normalization normalize(MimeMessage message, SpooledMail raw) throws IOException {
    MailHeaders headers = MailHeaders.read(message);
    if (headers.sender() == null) {
      return new Normalization.Refused(Refusal.NO_SENDER, "the mail has no usable From address");
    }
    MailParts parts;
    try {
      parts = new PartWalker(limits).walk(message);
    } catch (PartWalker.LimitException e) {
      return new Normalization.Refused(e.refusal(), e.getMessage());
    }
    String html = parts.hasHtml() ? HtmlText.sanitize(String.join("\n", parts.htmls)) : null;
    String original = parts.hasText()
        ? String.join("\n\n", parts.texts)
        : parts.hasHtml() ? HtmlText.toText(String.join("\n", parts.htmls)) : "";
    original = original.replace("\r\n", "\n").replace('\r', '\n').strip();
    String trimmed = ReplyTrimmer.trim(original);

    String automated;
    try {
      automated = AutomatedMail.reason(message, headers.sender().value()).orElse(null);
    } catch (MessagingException e) {
      automated = null;
    }
    List<Blob> attachments = store(parts.attachments);

    String messageId = headers.messageId() != null ? headers.messageId() : MessageIds.synthetic(raw.contentHash());
    Map<String, String> metadata = new LinkedHashMap<>(headers.metadata());
    metadata.put("messageId", messageId);
    if (headers.messageId() == null) {
      metadata.put("syntheticMessageId", "true");
    }
    if (automated != null) {
      metadata.put("automated", automated);
    }
    metadata.put("size", Long.toString(raw.size()));
    return new Normalization.Accepted(new NormalizedMail(
        headers.sender(), headers.senderName(), messageId, headers.references(),
        SubjectToken.find(headers.subject()), headers.subject(), trimmed,
        trimmed.equals(original) ? null : original, html, attachments, automated,
        headers.to(), headers.cc(), metadata));
  }

  private List<Blob> store(List<MailParts.Attachment> parts) throws IOException {
    List<Blob> refs = new ArrayList<>(parts.size());
    for (MailParts.Attachment a : parts) {
      try (InputStream content = open(a)) {
        refs.add(blobs.put(content, a.filename(), a.contentType(), a.inline(), limits.maxBytes()));
      }
    }
    return refs;
  }

  private static InputStream open(MailParts.Attachment a) throws IOException {
    try {
      return new TolerantStream(a.part().getInputStream());
    } catch (MessagingException | IOException | RuntimeException e) {
      try {
        // Content in an encoding that cannot be decoded is kept as it was sent.
        return RawContent.open(a.part()).orElse(InputStream.nullInputStream());
      } catch (MessagingException e2) {
        return InputStream.nullInputStream();
      }
    }
  }

  private static Properties lenientParsing() {
    Properties p = new Properties();
    p.setProperty("mail.mime.address.strict", "false");
    p.setProperty("mail.mime.allowutf8", "true");
    p.setProperty("mail.mime.base64.ignoreerrors", "true");
    p.setProperty("mail.mime.uudecode.ignoreerrors", "true");
    p.setProperty("mail.mime.uudecode.ignoremissingbeginend", "true");
    p.setProperty("mail.mime.ignoreunknownencoding", "true");
    p.setProperty("mail.mime.decodetext.strict", "false");
    p.setProperty("mail.mime.decodefilename", "true");
    p.setProperty("mail.mime.decodeparameters", "true");
    p.setProperty("mail.mime.parameters.strict", "false");
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    p.setProperty("mail.mime.multipart.ignoreexistingboundaryparameter", "false");
    p.setProperty("mail.mime.multipart.allowempty", "true");
    return p;
  }
}
