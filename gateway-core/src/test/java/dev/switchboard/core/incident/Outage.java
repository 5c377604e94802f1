package dev.switchboard.core.incident;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An outage as the incident tests stage it: a gateway with SMS and chat, customers writing about the outage
 * (each message carries a word of this run's own, which the incident matches), the incident opened by an
 * admin over the API, and what the channels were handed.
 */
final class Outage {

  static final String ADMIN = "admin-token";

  private final GatewayExtension gateway;
  private final TestChannelAdapter sms;
  private final TestChannelAdapter chat;
  /** In every customer's message and the incident's match and texts: this run's, whatever ran before. */
  final String word;

  Outage(GatewayExtension gateway, TestChannelAdapter sms, TestChannelAdapter chat, String prefix) {
    this.gateway = gateway;
    this.sms = sms;
    this.chat = chat;
    this.word = prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A gateway with {@code sms} and {@code chat}, an admin token and one tier. */
  static GatewayExtension gateway(TestChannelAdapter sms, TestChannelAdapter chat) {
    return GatewayExtension.yaml("""
        admin: { tokens: ["admin-token"] }
        routing:
          tiers:
            - { name: standard, firstResponse: 15m, nextResponse: 1h }
        """).adapters(sms, chat).build();
  }

  /** {@code phone} writes to our number {@code ours} about the outage. */
  ConversationId sms(String ours, String phone, String text) {
    return ingest(InboundMessage.builder(Channel.SMS, Identity.phone(phone), "SM" + UUID.randomUUID(), ours + "|" + phone)
        .text(text + " " + word));
  }

  /** A chat visitor writes about the outage. */
  ConversationId chat(String visitor, String text) {
    return ingest(InboundMessage.builder(Channel.CHAT, Identity.chatVisitor(visitor), UUID.randomUUID().toString(),
        visitor).text(text + " " + word));
  }

  /** Opens the incident matching this run's word, its first update {@code "status " + word}; answers its id. */
  String open(String title, int expectMatched) throws Exception {
    HttpResponse<String> created = gateway.post("/api/incidents", "application/json",
        ("{\"title\":\"" + title + "\",\"text\":\"" + status() + "\",\"match\":{\"text\":\"" + word + "\"}}")
            .getBytes(StandardCharsets.UTF_8), ADMIN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(Json.read(created.body()).path("matched").asInt()).isEqualTo(expectMatched);
    return Json.read(created.body()).path("id").asText();
  }

  /** The incident's first update, as the customers get it. */
  String status() {
    return "status " + word;
  }

  /** The messages with {@code text} handed to either channel, retries included. */
  List<OutboundMessage> sends(String text) {
    return Stream.of(sms, chat).map(TestChannelAdapter::sent).flatMap(List::stream)
        .filter(m -> m.message().text().equals(text)).toList();
  }

  private ConversationId ingest(InboundMessage.Builder b) {
    return await(gateway.gateway().ingest().accept(b.receivedAt(Instant.now()).build())).conversationId();
  }
}
