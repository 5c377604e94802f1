package dev.switchboard.channel.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Walks a mail's MIME tree within the limits and sorts its parts into bodies and attachments:
 * multipart/alternative gives the plain-text and the HTML version, related and mixed give every body in
 * order plus their images and files, an attached message adds its text below a forward marker. A part
 * that cannot be parsed is kept as an attachment rather than failing the mail.
 */
final class PartWalker {

  /** Thrown when the mail has more parts or deeper nesting than allowed. */
  static final class LimitException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    LimitException(Refusal refusal, String message) {
      super(message, null, false, false);
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }

  private final MailLimits limits;
  private int parts;

  PartWalker(MailLimits limits) {
    this.limits = limits;
  }

  MailParts walk(Part root) throws LimitException {
    MailParts out = new MailParts();
    walk(root, 0, out);
    return out;
  }

  private void walk(Part part, int depth, MailParts out) throws LimitException {
    if (++parts > limits.maxParts()) {
      throw new LimitException(Refusal.TOO_MANY_PARTS,
          "the mail has more than " + limits.maxParts() + " MIME parts (the limit)");
    }
    if (depth > limits.maxDepth()) {
      throw new LimitException(Refusal.TOO_DEEP,
          "the mail nests MIME parts deeper than " + limits.maxDepth() + " levels (the limit)");
    }
    String type = baseType(part);
    if (type.startsWith("multipart/")) {
      Multipart multipart = multipart(part);
      if (multipart != null) {
        if (type.equals("multipart/alternative")) {
          alternative(multipart, depth, out);
        } else {
          for (Part child : children(multipart)) {
            walk(child, depth + 1, out);
          }
        }
        return;
      }
      out.attachments.add(attachment(part, type, "message-part.bin", false));
      return;
    }
    if (type.equals("message/rfc822") && !isAttachment(part)) {
      MimeMessage inner = message(part);
      if (inner != null) {
        out.attachments.add(attachment(part, type, "forwarded-message.eml", false));
        out.texts.add(forwardHeader(inner));
        walk(inner, depth + 1, out);
        return;
      }
    }
    String filename = filename(part);
    boolean body = (type.equals("text/plain") || type.equals("text/html")) && filename == null && !isAttachment(part);
    if (body) {
      String text = decode(part);
      if (text != null) {
        (type.equals("text/html") ? out.htmls : out.texts).add(text);
        return;
      }
    }
    out.attachments.add(attachment(part, type, defaultName(type), isInline(part)));
  }

  /** Each alternative is walked alone; the first with plain text and the last with HTML are kept. */
  private void alternative(Multipart multipart, int depth, MailParts out) throws LimitException {
    List<MailParts> versions = new ArrayList<>();
    for (Part child : children(multipart)) {
      MailParts version = new MailParts();
      walk(child, depth + 1, version);
      versions.add(version);
    }
    MailParts plain = versions.stream().filter(MailParts::hasText).findFirst().orElse(null);
    MailParts html = null;
    for (MailParts v : versions) {
      if (v.hasHtml()) {
        html = v;
      }
    }
    if (plain != null) {
      out.texts.addAll(plain.texts);
    }
    if (html != null) {
      out.htmls.addAll(html.htmls);
      if (plain == null) {
        out.texts.addAll(html.texts);
      }
    }
    for (MailParts v : versions) {
      out.attachments.addAll(v.attachments);
    }
  }

  private static List<Part> children(Multipart multipart) {
    List<Part> list = new ArrayList<>();
    try {
      int count = multipart.getCount();
      for (int i = 0; i < count; i++) {
        BodyPart p = multipart.getBodyPart(i);
        list.add(p);
      }
    } catch (MessagingException e) {
      // A broken multipart gives the parts that could be read.
    }
    return list;
  }

  private static Multipart multipart(Part part) {
    if (!identityEncoded(part)) {
      return null;
    }
    try {
      Object content = part.getContent();
      if (content instanceof Multipart m) {
        m.getCount(); // parses now, so a bad structure shows here
        return m;
      }
    } catch (MessagingException | IOException | RuntimeException e) {
      // Not parseable as a multipart: kept as an attachment instead.
    }
    return null;
  }

  private static MimeMessage message(Part part) {
    if (!identityEncoded(part)) {
      return null;
    }
    try {
      Object content = part.getContent();
      return content instanceof MimeMessage m ? m : null;
    } catch (MessagingException | IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether a multipart or message is sent as is (7bit, 8bit, binary): RFC 2045 allows nothing else, and
   * {@link MimeStructure} counts parts only there, so one under base64 is kept as an attachment unread.
   */
  private static boolean identityEncoded(Part part) {
    try {
      return !(part instanceof MimePart p) || MimeStructure.identity(p.getEncoding());
    } catch (MessagingException | RuntimeException e) {
      return false;
    }
  }

  private String decode(Part part) {
    try {
      return TextDecoder.decode(part, limits.maxBytes());
    } catch (MessagingException | IOException | RuntimeException e) {
      return null;
    }
  }

  private static String forwardHeader(MimeMessage inner) {
    StringBuilder sb = new StringBuilder("---------- Forwarded message ----------");
    try {
      String from = inner.getHeader("From", ", ");
      if (from != null) {
        sb.append("\nFrom: ").append(HeaderValues.oneLine(decodeText(from)));
      }
      String subject = inner.getSubject();
      if (subject != null) {
        sb.append("\nSubject: ").append(HeaderValues.oneLine(subject));
      }
    } catch (MessagingException | RuntimeException e) {
      // The header lines are a courtesy; the forwarded text follows regardless.
    }
    return sb.toString();
  }

  private static MailParts.Attachment attachment(Part part, String type, String fallbackName, boolean inline) {
    String name = filename(part);
    return new MailParts.Attachment(part, name == null ? fallbackName : name, type, inline);
  }

  static String baseType(Part part) {
    String raw;
    try {
      raw = part.getContentType();
    } catch (MessagingException e) {
      return "text/plain";
    }
    if (raw == null || raw.isBlank()) {
      return "text/plain";
    }
    try {
      return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
    } catch (ParseException e) {
      String t = raw.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      return t.matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? t : "application/octet-stream";
    }
  }

  private static boolean isAttachment(Part part) {
    try {
      return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    } catch (MessagingException e) {
      return false;
    }
  }

  private static boolean isInline(Part part) {
    try {
      if (Part.INLINE.equalsIgnoreCase(part.getDisposition())) {
        return true;
      }
      String[] cid = part.getHeader("Content-ID");
      return cid != null && cid.length > 0;
    } catch (MessagingException e) {
      return false;
    }
  }

  /** The part's file name, decoded (RFC 2231 and RFC 2047), without path or control characters. */
  static String filename(Part part) {
    String name;
    try {
      name = part.getFileName();
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
    if (name == null || name.isBlank()) {
      return null;
    }
    name = decodeText(name);
    name = name.replaceAll("[\\p{Cntrl}]", "");
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1).strip();
    if (name.length() > 200) {
      name = name.substring(name.length() - 200);
    }
    return name.isEmpty() ? null : name;
  }

  private static String decodeText(String text) {
    if (!text.contains("=?")) {
      return text;
    }
    try {
      return MimeUtility.decodeText(text);
    } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
      return text;
    }
  }

  private static String defaultName(String type) {
    return switch (type) {
      case "text/plain" -> "text.txt";
      case "text/html" -> "message.html";
      case "text/calendar" -> "invite.ics";
      default -> "attachment";
    };
  }
}
