package dev.switchboard.channel.email;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Mails built in code for the limits: many parts, deep nesting, plain bulk. */
final class GeneratedMail {

  private GeneratedMail() {}

  static byte[] manyParts(int parts) {
    StringBuilder sb = header("many-parts").append("Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n");
    for (int i = 0; i < parts; i++) {
      sb.append("--B\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
    }
    return sb.append("--B--\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] nested(int depth) {
    StringBuilder sb = header("nested-" + depth).append("Content-Type: multipart/mixed; boundary=\"B0\"\r\n\r\n");
    for (int i = 1; i < depth; i++) {
      sb.append("--B").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"B").append(i).append("\"\r\n\r\n");
    }
    sb.append("--B").append(depth - 1).append("\r\nContent-Type: text/plain\r\n\r\ndeep text\r\n");
    for (int i = depth - 1; i >= 0; i--) {
      sb.append("--B").append(i).append("--\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] simple(String messageId, String from, String subject, String text) {
    StringBuilder sb = new StringBuilder()
        .append("From: ").append(from).append("\r\n")
        .append("To: support@example.com\r\n")
        .append("Subject: ").append(subject).append("\r\n");
    if (messageId != null) {
      sb.append("Message-ID: <").append(messageId).append(">\r\n");
    }
    sb.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(text).append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A mail {@code <id@example.org>} with a line of text and one small attachment named {@code filename}. */
  static byte[] withAttachment(String id, String filename) {
    return header(id)
        .append("Content-Type: multipart/mixed; boundary=\"A\"\r\n\r\n")
        .append("--A\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n")
        .append("--A\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"")
        .append(filename).append("\"\r\n\r\nbytes\r\n--A--\r\n")
        .toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A plain-text mail with exactly the given header lines (one per element, without line ends). */
  static byte[] withHeaders(List<String> headers, String text) {
    StringBuilder sb = new StringBuilder();
    headers.forEach(h -> sb.append(h).append("\r\n"));
    sb.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(text).append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static StringBuilder header(String id) {
    return new StringBuilder()
        .append("From: gen@example.org\r\nTo: support@example.com\r\nSubject: generated\r\n")
        .append("Message-ID: <").append(id).append("@example.org>\r\nMIME-Version: 1.0\r\n");
  }
}
