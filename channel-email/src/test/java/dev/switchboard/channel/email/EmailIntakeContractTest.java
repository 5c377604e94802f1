package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.core.testing.ChannelAdapterContract;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake contract for e-mail: raw mail POSTed to {@code /email/inbound} through the real transport;
 * 202 acknowledges, 503 tells the mail provider to retry. The Message-ID makes a resend the same mail.
 */
class EmailIntakeContractTest implements ChannelAdapterContract {

  @TempDir
  Path dir;

  private EmailRig rig;
  private InboundServer server;

  @BeforeEach
  void start() throws Exception {
    rig = new EmailRig(dir, new MailLimits(64 * 1024, 100, 10));
    server = new InboundServer(rig);
  }

  @AfterEach
  void stop() {
    server.close();
    rig.close();
  }

  @Override
  public SourceAnswer deliver(String key, String text) throws Exception {
    String mail = "From: Ada <ada@example.com>\r\nTo: support@example.com\r\nSubject: Order\r\n"
        + "Message-ID: <" + key + "@example.com>\r\n\r\n" + text + "\r\n";
    HttpResponse<String> r = server.post(mail.getBytes(StandardCharsets.UTF_8));
    return switch (r.statusCode()) {
      case 202 -> SourceAnswer.ACKNOWLEDGED;
      case 503 -> SourceAnswer.REFUSED;
      default -> fail("POST %s answered %s: %s", InboundEndpoint.PATH, r.statusCode(), r.body());
    };
  }

  @Override
  public Path database() {
    return dir.resolve("switchboard.db");
  }
}
