package dev.switchboard.server.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/** Small raw mails and free local ports for the email end-to-end tests. */
final class TestMail {

  private TestMail() {}

  static byte[] mail(String messageId, String from, String subject, String text, String extraHeaders) {
    String raw = "From: " + from + "\r\n"
        + "To: support@example.com\r\n"
        + "Subject: " + subject + "\r\n"
        + "Message-ID: <" + messageId + ">\r\n"
        + extraHeaders
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "\r\n"
        + text + "\r\n";
    return raw.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] mail(String messageId, String from, String subject, String text) {
    return mail(messageId, from, subject, text, "");
  }

  /** A port nobody listens on right now, for servers that must keep their port across restarts. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
