package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIME built to make the parser do too much, posted to {@code POST /email/inbound}: each is refused (422)
 * or read harmlessly, within the hostile-input budget, before Jakarta Mail builds its parts.
 */
class HostileMimeTest {

  @TempDir
  Path dir;

  private EmailRig rig;
  private InboundServer server;

  @BeforeEach
  void setUp() throws Exception {
    rig = new EmailRig(dir, new MailLimits(25L * 1024 * 1024, 100, 10));
    server = new InboundServer(rig);
  }

  @AfterEach
  void tearDown() {
    server.close();
    rig.close();
  }

  @Test
  void aHundredAndFiftyThousandPartsAreRefusedWith422WithinTheBudget() throws Exception {
    byte[] mail = GeneratedMail.manyParts(150_000);

    HttpResponse<String> r = HostileText.withinWallClock(() -> server.post(mail));

    assertThat(mail.length).isGreaterThan(5 * 1024 * 1024);
    assertRefused(r, "too_many_parts", "more than 100 MIME parts");
  }

  @Test
  void boundaryLinesWithoutHeadersBetweenThemCountAsParts() throws Exception {
    // Jakarta takes every boundary line as a part, even where the previous part's headers never ended.
    byte[] mail = raw("Content-Type: multipart/mixed; boundary=B\r\n\r\n" + "--B\r\n".repeat(200_000));

    assertRefused(HostileText.withinWallClock(() -> server.post(mail)), "too_many_parts", "100 MIME parts");
  }

  @Test
  void partsSeparatedByBareCarriageReturnsAreCounted() throws Exception {
    byte[] mail = raw("Content-Type: multipart/mixed; boundary=B\r\n\r\n"
        + "--B\rContent-Type: text/plain\r\rx\r".repeat(100_000));

    assertRefused(HostileText.withinWallClock(() -> server.post(mail)), "too_many_parts", "100 MIME parts");
  }

  @Test
  void aMultipartWithoutBoundaryParameterCountsByItsFirstDashLine() throws Exception {
    byte[] mail = raw("Content-Type: multipart/mixed\r\n\r\n" + "--x\r\n\r\npart\r\n".repeat(100_000));

    assertRefused(HostileText.withinWallClock(() -> server.post(mail)), "too_many_parts", "100 MIME parts");
  }

  @Test
  void attachedMessagesNestedPastTheLimitAreRefusedAsTooDeep() throws Exception {
    String nested = "Content-Type: message/rfc822\r\n\r\n".repeat(50_000) + "Subject: inner\r\n\r\ntext\r\n";

    assertRefused(HostileText.withinWallClock(() -> server.post(raw(nested))), "too_deep", "10 levels");
  }

  @Test
  void aMultipartUnderBase64IsKeptAsOneAttachmentUnread() throws Exception {
    String inner = "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n".repeat(150_000);
    String encoded = java.util.Base64.getMimeEncoder().encodeToString(inner.getBytes(StandardCharsets.US_ASCII));
    byte[] mail = raw("Content-Type: multipart/mixed; boundary=B\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + encoded + "\r\n");

    HttpResponse<String> r = HostileText.withinWallClock(() -> server.post(mail));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(rig.stored()).singleElement()
        .satisfies(s -> assertThat(s.message().attachments()).hasSize(1));
  }

  private static byte[] raw(String structure) {
    return ("From: mallory@evil.example\r\nTo: support@example.com\r\nSubject: parts\r\n"
        + "Message-ID: <" + structure.hashCode() + "@evil.example>\r\nMIME-Version: 1.0\r\n" + structure)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private void assertRefused(HttpResponse<String> r, String code, String message) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    JsonNode body = Json.read(r.body());
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).contains(message);
    assertThat(rig.meters.counter("switchboard.email.refused", "source", "http", "reason", code).count()).isEqualTo(1);
    assertThat(rig.stored()).isEmpty();
  }
}
