package dev.switchboard.server.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.email.EmailChannelAdapter;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.outbox.OutboxDispatcher;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.MutableClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SMTP server is down for minutes (GreenMail stopped, then started again on the same port), with
 * time moved by hand: replies wait in the outbox as {@code pending}, {@code /health/ready} names the e-mail
 * channel degraded and stays 200, nothing is given up, and after the recovery each reply is delivered once.
 */
class SmtpOutageTest {

  static final String TOKEN = "smtp-outage-token";
  static final int SMTP_PORT = TestMail.freePort();
  static final MutableClock clock = MutableClock.startingAt("2026-11-30T09:00:00Z");
  static GreenMail smtp;

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["%s"] }
      channels:
        email:
          address: support@example.com
          smtp: { host: 127.0.0.1, port: %d, tls: false }
      routing:
        tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
        rules: [ { tier: standard } ]
        autoReply: { enabled: false }
      """.formatted(TOKEN, SMTP_PORT))
      .adapters(new EmailChannelAdapter())
      .clock(clock)
      .build();

  @AfterAll
  static void stopSmtp() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  private static Message stored(Message m) throws Exception {
    return await(gateway.store().message(m.id())).orElseThrow();
  }

  private static JsonNode ready() throws Exception {
    var r = gateway.get("/health/ready", null);
    assertThat(r.statusCode()).as("readiness stays 200 while a provider is down").isEqualTo(200);
    return Json.read(r.body());
  }

  @Test
  void repliesWaitOutAnSmtpOutageOfMinutesAndAreDeliveredOnceAfterIt() throws Exception {
    List<GatewayEvent.DeliveryUpdated> updates = new CopyOnWriteArrayList<>();
    gateway.events().subscribe(e -> {
      if (e instanceof GatewayEvent.DeliveryUpdated u) {
        updates.add(u);
      }
    });
    var posted = gateway.post("/email/inbound", "message/rfc822", TestMail.mail("outage-1@customer.example",
        "Jane Doe <jane@customer.example>", "Invoice missing", "Where is it?"), TOKEN);
    assertThat(posted.statusCode()).isEqualTo(202);
    ConversationId conversation = new ConversationId(Json.read(posted.body()).path("conversationId").asText());

    // SMTP is down (nothing listens on its port): both replies wait, pending, with the reason.
    Message a = await(gateway.store().appendAgentMessage(conversation, Direction.OUT, "alice", "It is attached.", "o1"));
    Message b = await(gateway.store().appendAgentMessage(conversation, Direction.OUT, "alice", "Sorry for that.", "o2"));
    for (Message m : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> stored(m).delivery() == DeliveryStatus.PENDING);
    }
    assertThat(updates).filteredOn(u -> u.messageId().equals(a.id()) && u.status() == DeliveryStatus.PENDING)
        .first().satisfies(u -> assertThat(u.detail()).isNotBlank());
    JsonNode health = ready();
    assertThat(health.path("status").asText()).isEqualTo("degraded");
    assertThat(health.path("checks").path("email").asText()).isEqualTo("degraded");
    assertThat(health.path("degraded").path("email").path("reason").asText()).isNotBlank();

    // Minutes pass; the outbox keeps trying (backoff and probes) and gives nothing up.
    for (int minute = 0; minute < 5; minute++) {
      int attemptsBefore = countPending(updates);
      clock.advance(Duration.ofMinutes(1));
      await().atMost(Duration.ofSeconds(20)).until(() -> countPending(updates) > attemptsBefore);
    }
    assertThat(List.of(stored(a).delivery(), stored(b).delivery())).containsOnly(DeliveryStatus.PENDING);

    // SMTP is back on the same port: the next probe goes through and the other reply follows at once.
    smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    clock.advance(OutboxDispatcher.PROBE_EVERY);
    for (Message m : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> stored(m).delivery() == DeliveryStatus.SENT);
    }
    List<String> bodies = Arrays.stream(smtp.getReceivedMessages()).map(GreenMailUtil::getBody).toList();
    assertThat(bodies).hasSize(2);
    assertThat(bodies).filteredOn(body -> body.contains("It is attached.")).hasSize(1);
    assertThat(bodies).filteredOn(body -> body.contains("Sorry for that.")).hasSize(1);
    assertThat(ready().path("checks").path("email").asText()).isEqualTo("up");
    clock.advance(Duration.ofHours(1));
    assertThat(smtp.getReceivedMessages()).as("nothing sent twice").hasSize(2);
  }

  private static int countPending(List<GatewayEvent.DeliveryUpdated> updates) {
    return (int) updates.stream().filter(u -> u.status() == DeliveryStatus.PENDING).count();
  }
}
