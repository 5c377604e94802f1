package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.IdentityKind;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.BlobStore;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jsoup.nodes.Entities;

/**
 * Builds the mail for an agent's reply: from the support address to the customer (copying whom the
 * customer copied, as the {@link CopyPolicy} allows), {@code Re:} subject with the conversation token, our own Message-ID derived from
 * the message id (the same on every attempt), In-Reply-To and References from the thread, and the text
 * as plain text plus HTML, with the agent's files as parts of their own. Every header value is checked:
 * a CR or LF can never start a header of its own.
 */
final class ReplyComposer {

  /** The author the router uses for messages the gateway writes itself (the auto-reply). */
  static final String SYSTEM_AUTHOR = "system";
  private static final int MAX_REFERENCES = 20;

  /** A file of the reply has no stored content (any more): a permanent failure. */
  static final class MissingFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingFileException(AttachmentRef file) {
      super("the content of attachment " + file.id() + " (" + file.filename() + ") is not in the blob store", null,
          false, false);
    }
  }

  /** The reply cannot be addressed: a permanent failure. */
  static final class UnaddressableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnaddressableException(String message) {
      super(message, null, false, false);
    }
  }

  private final InternetAddress from;
  private final Clock clock;
  private final CopyPolicy copyPolicy;
  private final BlobStore blobs;

  /** {@code blobs} holds the content of the files agents attach. */
  ReplyComposer(InternetAddress from, Clock clock, CopyPolicy copyPolicy, BlobStore blobs) {
    this.from = requireNonNull(from, "from");
    this.clock = requireNonNull(clock, "clock");
    this.copyPolicy = requireNonNull(copyPolicy, "copyPolicy");
    this.blobs = requireNonNull(blobs, "blobs");
  }

  /**
   * Looks up the content of the reply's files on the blob store's reader pool, in the reply's order; the stage
   * fails with {@link MissingFileException} for a file whose content is not stored. What it completes with is
   * opened without a database read, so {@link #compose} and the SMTP transfer never wait for the store.
   */
  CompletionStage<List<BlobDataSource>> files(OutboundMessage out) {
    List<AttachmentRef> refs = out.message().attachments();
    List<CompletableFuture<BlobDataSource>> found = new ArrayList<>(refs.size());
    for (AttachmentRef ref : refs) {
      found.add(blobs.find(ref.sha256()).toCompletableFuture().thenApply(content ->
          new BlobDataSource(content.orElseThrow(() -> new MissingFileException(ref)), ref)));
    }
    return CompletableFuture.allOf(found.toArray(CompletableFuture[]::new))
        .thenApply(v -> found.stream().map(CompletableFuture::join).toList());
  }

  /** The reply as a mail; {@code files} as {@link #files} found them. */
  MimeMessage compose(Session session, OutboundMessage out, List<String> copies, List<BlobDataSource> files)
      throws MessagingException, UnaddressableException {
    if (out.to().kind() != IdentityKind.EMAIL) {
      throw new UnaddressableException("the recipient is not an e-mail address: " + out.to().kind());
    }
    InternetAddress to = address(out.to().value())
        .orElseThrow(() -> new UnaddressableException("the recipient address is not valid: " + out.to().value()));
    String messageId = MessageIds.outbound(out.message().id().value(), from.getAddress());

    MimeMessage mail = new FixedIdMessage(session, MessageIds.bracketed(messageId));
    mail.setFrom(from);
    mail.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
    // The policy is applied again here: the kept list may predate a lower maxCopies. The auto-reply goes
    // to the sender alone (RFC 3834), so a forged From with many Cc makes one mail, not hundreds.
    List<InternetAddress> cc = new ArrayList<>();
    if (!SYSTEM_AUTHOR.equals(out.message().author())) {
      for (String c : copyPolicy.choose(copies, to.getAddress()).kept()) {
        address(c).ifPresent(cc::add);
      }
    }
    if (!cc.isEmpty()) {
      mail.setRecipients(jakarta.mail.Message.RecipientType.CC, cc.toArray(new InternetAddress[0]));
    }
    mail.setSubject(SubjectToken.replySubject(out.conversation().subject(), out.conversation().ref()), "UTF-8");
    mail.setSentDate(Date.from(clock.instant()));
    List<String> references = references(out);
    if (!references.isEmpty()) {
      mail.setHeader("In-Reply-To", MessageIds.bracketed(inReplyTo(out, references)));
      mail.setHeader("References", String.join(" ", references.stream().map(MessageIds::bracketed).toList()));
    }
    if (SYSTEM_AUTHOR.equals(out.message().author())) {
      mail.setHeader("Auto-Submitted", "auto-replied"); // RFC 3834: auto-responders do not answer this
    }
    mail.setContent(withAttachments(body(out.message()), files));
    mail.saveChanges();
    return mail;
  }

  /** The thread's ids, oldest first: the root and the latest {@value #MAX_REFERENCES}. */
  private static List<String> references(OutboundMessage out) {
    Set<String> ids = new LinkedHashSet<>();
    for (Message m : out.thread()) {
      if (m.id().equals(out.message().id()) || m.direction() == Direction.NOTE || m.externalId() == null) {
        continue;
      }
      String id = MessageIds.first(MessageIds.bracketed(m.externalId()));
      if (id != null) {
        ids.add(id);
      }
    }
    List<String> list = new ArrayList<>(ids);
    if (list.size() <= MAX_REFERENCES) {
      return list;
    }
    List<String> capped = new ArrayList<>();
    capped.add(list.get(0));
    capped.addAll(list.subList(list.size() - (MAX_REFERENCES - 1), list.size()));
    return capped;
  }

  /** The customer's latest mail, else the latest id of the thread. */
  private static String inReplyTo(OutboundMessage out, List<String> references) {
    for (int i = out.thread().size() - 1; i >= 0; i--) {
      Message m = out.thread().get(i);
      if (m.direction() == Direction.IN && m.externalId() != null) {
        String id = MessageIds.first(MessageIds.bracketed(m.externalId()));
        if (id != null) {
          return id;
        }
      }
    }
    return references.get(references.size() - 1);
  }

  private static MimeMultipart body(Message message) throws MessagingException {
    String text = message.text().replace("\r\n", "\n");
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText(text, "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(message.html() != null ? HtmlText.sanitize(message.html()) : toHtml(text), "UTF-8", "html");
    return new MimeMultipart("alternative", plain, html);
  }

  /**
   * The text alone, or {@code multipart/mixed} of the text and one part per file (its stored type, its
   * name encoded per RFC 2231, base64), read only while the mail is written.
   */
  private static MimeMultipart withAttachments(MimeMultipart text, List<BlobDataSource> files) throws MessagingException {
    if (files.isEmpty()) {
      return text;
    }
    MimeBodyPart textPart = new MimeBodyPart();
    textPart.setContent(text);
    MimeMultipart mixed = new MimeMultipart("mixed", textPart);
    for (BlobDataSource file : files) {
      MimeBodyPart part = new MimeBodyPart();
      part.setDataHandler(new DataHandler(file));
      part.setDisposition(jakarta.mail.Part.ATTACHMENT);
      // Angus Mail writes a non-ASCII name as an RFC 2231 parameter (mail.mime.encodeparameters is on by default).
      part.setFileName(HeaderValues.hasControl(file.getName()) ? "attachment" : file.getName());
      part.setHeader("Content-Transfer-Encoding", "base64");
      mixed.addBodyPart(part);
    }
    return mixed;
  }

  private static String toHtml(String text) {
    StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><body>");
    for (String paragraph : text.split("\n{2,}")) {
      sb.append("<p>").append(Entities.escape(paragraph).replace("\n", "<br>")).append("</p>");
    }
    return sb.append("</body></html>").toString();
  }

  /** A strictly valid single address without control characters, or empty. */
  static java.util.Optional<InternetAddress> address(String value) {
    if (value == null || HeaderValues.hasControl(value)) {
      return java.util.Optional.empty();
    }
    try {
      InternetAddress a = new InternetAddress(value.trim(), true);
      a.validate();
      if (a.getAddress().indexOf('@') <= 0 || HeaderValues.hasControl(a.getAddress())) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new InternetAddress(a.getAddress().toLowerCase(Locale.ROOT)));
    } catch (AddressException e) {
      return java.util.Optional.empty();
    }
  }

  /** A message that keeps the Message-ID we give it instead of inventing one when saved. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
