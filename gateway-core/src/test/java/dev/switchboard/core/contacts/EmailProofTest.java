package dev.switchboard.core.contacts;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat visitor's claimed address is linked only after they prove it: the link goes out through the
 * outbox to that address, looking at it changes nothing, using it once merges the visitor into the
 * address's contact, and a used, expired or made-up token links nothing.
 */
class EmailProofTest {

  static final String ADMIN = "admin-token";
  static final TestChannelAdapter EMAIL = new TestChannelAdapter(Channel.EMAIL);
  static final MutableClock CLOCK = MutableClock.startingAt("2026-03-02T09:00:00Z");
  static final Pattern LINK = Pattern.compile("/chat/verify/([A-Za-z0-9_-]{43})");

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      """).adapters(EMAIL).clock(CLOCK).build();

  private static Contact visitor(String name) {
    return gateway.store().contacts().resolve(Identity.chatVisitor("v-" + UUID.randomUUID()), name)
        .toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  private static Contact mailCustomer(String address) {
    String id = "<" + UUID.randomUUID() + "@mail.example.com>";
    gateway.gateway().ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email(address), id, id)
        .subject("Order").text("Where is my order?").receivedAt(CLOCK.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join();
    return gateway.store().contacts().byIdentity(Identity.email(address)).toCompletableFuture().orTimeout(10, SECONDS)
        .join().orElseThrow();
  }

  /** The token of the one proof mail sent to {@code address}. */
  private static String mailedToken(String address) {
    await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(address).size() == 1);
    Matcher m = LINK.matcher(mailsTo(address).get(0).message().text());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static List<OutboundMessage> mailsTo(String address) {
    return EMAIL.sent().stream().filter(o -> o.to().value().equals(address)).toList();
  }

  private static HttpResponse<String> use(String token) throws Exception {
    return gateway.post("/chat/verify/" + token, "application/x-www-form-urlencoded", new byte[0], null);
  }

  private static JsonNode contact(Contact c) throws Exception {
    return Json.read(gateway.get("/api/contacts/" + c.id(), ADMIN).body());
  }

  private static double counted(String result) {
    var c = gateway.gateway().meters().find("switchboard.contacts.email_proofs").tag("result", result).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void theClaimedAddressIsLinkedOnlyByTheMailedLinkAndOnlyOnce() throws Exception {
    String address = "owner-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    Contact owner = mailCustomer(address);
    Contact mallory = visitor("Mallory");

    gateway.events().publish(new GatewayEvent.EmailClaimed(mallory.id(), address));
    String token = mailedToken(address);
    double throttled = counted("throttled");
    gateway.events().publish(new GatewayEvent.EmailClaimed(mallory.id(), address));
    await().atMost(Duration.ofSeconds(10)).until(() -> counted("throttled") > throttled);

    assertThat(mailsTo(address)).hasSize(1);
    assertThat(contact(mallory).path("conversations")).isEmpty();
    assertThat(contact(mallory).path("contact").path("identities")).hasSize(1);
    HttpResponse<String> page = gateway.get("/chat/verify/" + token, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<form method=\"post\"");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(contact(mallory).path("mergedInto").isNull()).isTrue(); // looking is not using

    HttpResponse<String> used = use(token);

    assertThat(used.statusCode()).isEqualTo(200);
    JsonNode merged = contact(owner);
    assertThat(merged.path("contact").path("identities").findValuesAsText("kind")).contains("email", "chat_visitor");
    assertThat(merged.path("merges").get(0).path("mergedBy").asText()).startsWith("proof:");
    assertThat(contact(mallory).path("mergedInto").asText()).isEqualTo(owner.id().value());
    assertThat(use(token).statusCode()).isEqualTo(410);
    assertThat(use("A".repeat(43)).statusCode()).isEqualTo(404);
    assertThat(use("short").statusCode()).isEqualTo(404);
  }

  @Test
  void anExpiredLinkLinksNothing() throws Exception {
    String address = "late-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    Contact owner = mailCustomer(address);
    Contact visitor = visitor("Vic");
    gateway.events().publish(new GatewayEvent.EmailClaimed(visitor.id(), address));
    String token = mailedToken(address);

    CLOCK.advance(EmailProofs.VALID_FOR.plusMinutes(1));

    assertThat(use(token).statusCode()).isEqualTo(410);
    assertThat(contact(visitor).path("mergedInto").isNull()).isTrue();
    assertThat(contact(owner).path("contact").path("identities")).hasSize(1);
  }
}
