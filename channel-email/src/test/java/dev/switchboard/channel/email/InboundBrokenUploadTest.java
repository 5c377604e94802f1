package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.AdminConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.core.admin.BearerAdminAuth;
import dev.switchboard.core.transport.GatewayServer;
import dev.switchboard.core.transport.RouteTable;
import io.micrometer.core.instrument.Counter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /email/inbound} uploads that break or should never start, from a raw socket: a mail cut off
 * mid-stream is not stored, so its full resend is stored and not taken for a duplicate; a sender without
 * the admin token gets 401 before uploading anything.
 */
class InboundBrokenUploadTest {

  private static final String TOKEN = "admin-test-token";

  @TempDir
  Path dir;

  private EmailRig rig;
  private GatewayServer server;

  @BeforeEach
  void setUp() throws Exception {
    rig = new EmailRig(dir, new MailLimits(64 * 1024, 100, 10));
    BearerAdminAuth auth = new BearerAdminAuth(() -> new AdminConfig(List.of(new Secret(TOKEN))));
    RouteTable routes = new RouteTable();
    // Mounted as EmailChannelAdapter mounts it: the token is checked on the head too.
    routes.post(InboundEndpoint.PATH, auth::require,
        new InboundEndpoint(auth, rig.intake, rig.limits, rig.metrics, rig.clock, rig.parsing));
    server = GatewayServer.start("127.0.0.1", 0, routes, 1024 * 1024, rig.meters);
  }

  @AfterEach
  void tearDown() {
    server.close();
    rig.close();
  }

  private String head(String... extra) {
    return "POST " + InboundEndpoint.PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: message/rfc822\r\n"
        + String.join("", Arrays.stream(extra).map(h -> h + "\r\n").toList()) + "\r\n";
  }

  private static String chunk(byte[] bytes, int from, int to) {
    return Integer.toHexString(to - from) + "\r\n" + new String(bytes, from, to - from, StandardCharsets.ISO_8859_1) + "\r\n";
  }

  private byte[] exchange(String request, boolean closeWithoutReading) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      if (closeWithoutReading) {
        return new byte[0];
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toByteArray();
    }
  }

  private double incompleteBodies() {
    Counter c = rig.meters.find("switchboard.http.incomplete.bodies").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aMailCutOffMidStreamIsNotStoredAndItsFullResendIsStoredAsNew() throws Exception {
    byte[] mail = Fixtures.mail("alternative-html.eml");
    int half = mail.length / 2;
    String chunked = head("Authorization: Bearer " + TOKEN, "Transfer-Encoding: chunked", "Connection: close");

    exchange(chunked + chunk(mail, 0, half), true); // the connection drops before the last chunk
    await().atMost(Duration.ofSeconds(5)).until(() -> incompleteBodies() == 1);
    String broken = new String(exchange(chunked + chunk(mail, 0, half) + "zz\r\n", false), StandardCharsets.ISO_8859_1);
    assertThat(broken).startsWith("HTTP/1.1 400");
    assertThat(rig.stored()).isEmpty();

    String whole = new String(exchange(chunked + chunk(mail, 0, half) + chunk(mail, half, mail.length) + "0\r\n\r\n",
        false), StandardCharsets.ISO_8859_1);
    assertThat(whole).startsWith("HTTP/1.1 202").contains("\"duplicate\":false");
    assertThat(rig.stored()).hasSize(1);
  }

  @Test
  void aSenderWithoutTheTokenGets401InsteadOf100Continue() throws Exception {
    String answer = new String(exchange(head("Content-Length: 60000", "Expect: 100-continue"), false),
        StandardCharsets.ISO_8859_1);
    assertThat(answer).startsWith("HTTP/1.1 401").doesNotContain("100 Continue");
    assertThat(rig.stored()).isEmpty();
  }
}
