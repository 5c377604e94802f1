package dev.switchboard.bench.surge;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.LatencyHistogram;
import dev.switchboard.bench.Senders;
import dev.switchboard.bench.email.InboundMails;
import dev.switchboard.bench.net.HttpLoad;
import dev.switchboard.bench.net.Paced;
import dev.switchboard.bench.net.WsClient;
import dev.switchboard.bench.sms.SmsWebhooks;
import dev.switchboard.core.http.Json;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The flood: {@code conversations} new conversations on one channel, each from its own customer, every
 * {@code urgentEvery}-th one mentioning the {@link GatewayConfigFile#URGENT_WORD} (vip), the rest standard.
 * SMS and email are closed-loop HTTP posts over {@code connections} keep-alive connections; chat is one
 * websocket visitor per conversation ({@code hello}, one message, its {@code ack}, close), that many at once.
 */
final class SurgeIntake {

  /** The channels a surge can come in on. */
  enum Channel { SMS, CHAT, EMAIL }

  private final EventLoopGroup group;
  private final GatewayConfigFile config;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final int urgentEvery;

  SurgeIntake(EventLoopGroup group, GatewayConfigFile config, int urgentEvery) {
    this.group = group;
    this.config = config;
    this.urgentEvery = urgentEvery;
  }

  boolean urgent(long n) {
    return n % urgentEvery == 0;
  }

  String text(long n) {
    return urgent(n)
        ? "Your service is down, a full " + GatewayConfigFile.URGENT_WORD + " here since 9:00 (case " + n + ")"
        : "Hello, my order " + n + " has not arrived yet. Can you help?";
  }

  /** Sends them all; the outcome counts answered posts (chat: acknowledged messages). */
  HttpLoad.Outcome send(Channel channel, int conversations, int connections, Duration timeout) throws Exception {
    return switch (channel) {
      case SMS -> HttpLoad.run(group, config.port(), connections, conversations, timeout,
          new SmsWebhooks(SurgeScenario.AUTH_TOKEN, config.publicUrl(), config.port(), Senders.New.only(), this::text));
      case EMAIL -> HttpLoad.run(group, config.port(), connections, conversations, timeout,
          new InboundMails(config.port(), this::mail, 0));
      case CHAT -> chat(conversations, connections, timeout);
    };
  }

  private byte[] mail(long n) {
    return String.join("\r\n",
        "From: Customer " + n + " <surge" + n + "@customers.bench.test>",
        "To: Support <" + SurgeScenario.ADDRESS + ">",
        "Subject: " + (urgent(n) ? "Service down" : "Where is my order?") + " #" + n,
        "Date: Tue, 24 Nov 2026 18:00:00 +0000",
        "Message-ID: <surge." + run + "." + n + "@customers.bench.test>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "",
        text(n),
        "").getBytes(StandardCharsets.UTF_8);
  }

  private HttpLoad.Outcome chat(int conversations, int inFlight, Duration timeout) throws Exception {
    URI uri = URI.create(config.publicUrl().replace("http:", "ws:") + "/chat/ws");
    LatencyHistogram latency = new LatencyHistogram();
    long start = System.nanoTime();
    List<Boolean> acked = Paced.all(conversations, inFlight, timeout, n -> visitor(uri, n, latency));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long ok = acked.stream().filter(Boolean::booleanValue).count();
    return new HttpLoad.Outcome(ok, conversations - ok, elapsed, latency, Map.of());
  }

  /** One visitor: {@code hello}, then its message on {@code welcome}; completes with the {@code ack}, then closes. */
  private CompletableFuture<Boolean> visitor(URI uri, long n, LatencyHistogram latency) {
    CompletableFuture<Boolean> acked = new CompletableFuture<>();
    long started = System.nanoTime();
    WsClient.connect(group, uri, config.publicUrl(), (ws, text) -> {
      if (text.contains("\"type\":\"welcome\"")) {
        ws.send(Json.mapper().createObjectNode().put("type", "message").put("text", text(n))
            .put("clientId", String.format(Locale.ROOT, "surge-%d", n)).toString());
      } else if (text.contains("\"type\":\"ack\"")) {
        latency.recordNanos(System.nanoTime() - started);
        acked.complete(true);
        ws.close();
      } else if (text.contains("\"type\":\"error\"")) {
        acked.complete(false);
        ws.close();
      }
    }).whenComplete((ws, e) -> {
      if (e != null) {
        acked.complete(false);
      } else {
        ws.send(Json.mapper().createObjectNode().put("type", "hello").put("name", "Surge visitor " + n).toString());
      }
    });
    return acked;
  }
}
