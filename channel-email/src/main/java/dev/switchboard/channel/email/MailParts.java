package dev.switchboard.channel.email;

import jakarta.mail.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one mail, sorted: the text and HTML bodies in reading order, and the parts to keep as
 * attachments (files, inline images, attached messages).
 */
final class MailParts {

  /** A part kept as an attachment; {@code inline} for images shown in the body (Content-ID, inline). */
  record Attachment(Part part, String filename, String contentType, boolean inline) {}

  final List<String> texts = new ArrayList<>();
  final List<String> htmls = new ArrayList<>();
  final List<Attachment> attachments = new ArrayList<>();

  boolean hasText() {
    return texts.stream().anyMatch(t -> !t.isBlank());
  }

  boolean hasHtml() {
    return htmls.stream().anyMatch(h -> !h.isBlank());
  }

  /** Takes the other's bodies and attachments, in order. */
  void addAll(MailParts other) {
    texts.addAll(other.texts);
    htmls.addAll(other.htmls);
    attachments.addAll(other.attachments);
  }
}
