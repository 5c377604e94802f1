package dev.switchboard.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.testing.LogCapture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw-socket websocket clients that break the protocol or stop reading. */
class WebSocketHostileInputTest {

  static final int FLOOD_FRAMES = 100_000;
  /** Under the hard limit of unsent bytes, so only a client that stops reading for the timeout is cut off. */
  static final int BURST_FRAMES = 3_000;
  static final String KILOBYTE = "x".repeat(1000);

  static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** Connections closed after they had been sent a flood. */
  static final AtomicInteger floodedClosed = new AtomicInteger();
  static GatewayServer server;

  @BeforeAll
  static void start() throws Exception {
    RouteTable routes = new RouteTable();
    routes.webSocket("/ws", (session, request) -> new WebSocketListener() {
      boolean flooded;

      @Override
      public void onText(String text) {
        flooded |= text.equals("flood");
        if (text.equals("flood") || text.equals("burst")) {
          int n = text.equals("flood") ? FLOOD_FRAMES : BURST_FRAMES;
          for (int i = 0; i < n; i++) {
            session.send(KILOBYTE);
          }
        } else {
          session.send(text);
        }
      }

      @Override
      public void onClose() {
        if (flooded) {
          floodedClosed.incrementAndGet();
        }
      }
    });
    server = GatewayServer.start("127.0.0.1", 0, routes,
        TransportSettings.defaults(1024 * 1024).withSlowClientTimeout(Duration.ofSeconds(1)), meters);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static RawClient upgraded() throws Exception {
    RawClient c = new RawClient(server.port());
    c.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(c.readHead()).startsWith("HTTP/1.1 101");
    return c;
  }

  /** A text frame as a client must send it: masked. */
  static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x81);
    b.write(0x80 | payload.length);
    b.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      b.write(payload[i] ^ mask[i % 4]);
    }
    return b.toByteArray();
  }

  static double count(String name) {
    Counter c = meters.find(name).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void unmaskedFrameClosesTheConnectionWith1002AndOneWarningLine() throws Exception {
    try (LogCapture logs = LogCapture.start(); RawClient c = upgraded()) {
      c.send(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}); // a client frame without a mask
      byte[] answer = c.in.readAllBytes();
      // A close frame (opcode 8) with status 1002.
      assertThat(answer).hasSizeGreaterThanOrEqualTo(4);
      assertThat(answer[0] & 0x0f).isEqualTo(8);
      assertThat(((answer[2] & 0xff) << 8) | (answer[3] & 0xff)).isEqualTo(1002);
      await().atMost(Duration.ofSeconds(5)).until(() -> count("switchboard.websocket.protocol.violations") >= 1);
      assertThat(logs.lines()).noneMatch(l -> l.startsWith("ERROR ") || l.startsWith("\tat "));
      assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN ") && l.contains("broke the protocol"));
    }
  }

  @Test
  void clientThatStopsReadingIsCutOffWithoutBufferingWhatIsDueToIt() throws Exception {
    try (RawClient c = upgraded()) {
      c.send(maskedText("ping-me"));
      c.send(maskedText("flood")); // and from now on, read nothing
      await().atMost(Duration.ofSeconds(15)).until(() -> floodedClosed.get() == 1);
    }
    assertThat(count("switchboard.websocket.slow.clients")).isEqualTo(1);
    // At most a few MB were ever queued for it: the rest of the 100,000 frames (100 MB) were never buffered.
    assertThat(count("switchboard.websocket.dropped.frames")).isGreaterThan(FLOOD_FRAMES * 0.8);
  }

  @Test
  void aReadingClientReceivesEveryFrameOfABurst() throws Exception {
    try (RawClient c = upgraded()) {
      c.send(maskedText("burst"));
      // Each frame: 2 header bytes + 2 length bytes + 1000 payload bytes.
      byte[] all = c.in.readNBytes(BURST_FRAMES * 1004);
      assertThat(all).hasSize(BURST_FRAMES * 1004);
    }
  }
}
