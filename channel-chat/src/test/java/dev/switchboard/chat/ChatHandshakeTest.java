package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat handshake and its first frame, seen from raw sockets: who may connect, and for how long without hello. */
class ChatHandshakeTest {

  @TempDir
  static Path dir;
  static ChatHarness gw;

  @BeforeAll
  static void start() throws Exception {
    ServerConfig server = ServerConfig.defaults().withAuthTimeout(Duration.ofMillis(500));
    gw = new ChatHarness(dir, ChatHarness.testConfig(), server);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static String upgrade(String host, String origin) {
    return "GET /chat/ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Origin: " + origin + "\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }

  static byte[] exchange(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", gw.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all); // until the server closes
      return all.toByteArray();
    }
  }

  @Test
  void anOriginMatchingTheHostHeaderButNotTheAllowlistIsRefused() throws Exception {
    String answer = new String(exchange(upgrade("evil.example:8080", "http://evil.example:8080")
        .replace("Connection: Upgrade\r\n", "Connection: Upgrade, close\r\n")), StandardCharsets.ISO_8859_1);
    assertThat(answer).startsWith("HTTP/1.1 403").contains("\"error\":\"origin_not_allowed\"");
  }

  @Test
  void aConnectionThatNeverSaysHelloGetsAnErrorAndIsClosedWith4408() throws Exception {
    long start = System.nanoTime();
    byte[] all = exchange(upgrade("127.0.0.1", ChatHarness.ALLOWED_ORIGIN));
    String text = new String(all, StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("HTTP/1.1 101").contains("\"code\":\"auth_timeout\"");
    // The last frame is a close (opcode 8) with status 4408.
    int close = text.lastIndexOf((char) 0x88);
    assertThat(close).isPositive();
    assertThat(((all[close + 2] & 0xff) << 8) | (all[close + 3] & 0xff)).isEqualTo(4408);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void theDemoPageTheWidgetAndItsStylesCarryAStrictPolicyAndMayNotBeFramed() throws Exception {
    for (String path : new String[] {"/chat/", "/chat/widget.js", "/chat/widget/main.js", "/chat/widget.css", "/chat/demo.css"}) {
      String answer = new String(exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
          StandardCharsets.ISO_8859_1);
      String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
      assertThat(head).as(path).startsWith("http/1.1 200")
          .contains("content-security-policy: default-src 'none'; script-src 'self'; style-src 'self';")
          .contains("frame-ancestors 'none'")
          .contains("x-frame-options: deny")
          .contains("x-content-type-options: nosniff");
    }
    String page = new String(exchange("GET /chat/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        StandardCharsets.ISO_8859_1);
    assertThat(page).doesNotContain("<style").doesNotContain("style=").containsPattern("<script src=\"widget.js\"");
  }
}
