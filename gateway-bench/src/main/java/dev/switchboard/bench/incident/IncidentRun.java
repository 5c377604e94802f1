package dev.switchboard.bench.incident;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.Senders;
import dev.switchboard.bench.chat.VisitorCrowd;
import dev.switchboard.bench.net.HttpLoad;
import dev.switchboard.bench.sms.SmsWebhooks;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The phases of one incident run against a started gateway: seed the conversations (signed SMS webhooks,
 * chat visitors), open the incident over them and wait until its status text is out, then post the update
 * and time it until every linked conversation has it stored as sent and every connected visitor has it.
 */
final class IncidentRun {

  static final String MATCH = "(?i)internet is down";
  static final String STATUS_TEXT = "We know the internet is down in your area and are working on it.";
  static final String UPDATE_TEXT = "Update: the engineers found the fault; service should be back within 2 hours.";
  private static final Duration POLL = Duration.ofMillis(200);

  /** What the seeding did. */
  record Seeded(long sms, VisitorCrowd chat, Duration took) {}

  /** The incident as opened: its id, how many conversations it matched, and when its status text was out. */
  record Opened(String id, long matched, Duration took, Duration statusSent) {}

  /** The update: how many it queued, how long the 202 took, and when each part was done (empty if never). */
  record Updated(long queued, Duration queueTook, Optional<Duration> smsSent, Optional<Duration> chatSent,
      Optional<Duration> allSent, Optional<Duration> pushed, long pushedTo, long connected,
      OutboundTally.Counts counts, long cpuMicros, long smsDeferrals) {}

  private static final String PACED = "switchboard_outbox_paced_total";
  private static final String SMS_LABEL = "channel=\"sms\"";

  private final EventLoopGroup group;
  private final GatewayConfigFile config;
  private final IncidentSettings settings;
  private final AdminClient admin;
  private final LongSupplier cpuMicros;

  IncidentRun(EventLoopGroup group, GatewayConfigFile config, IncidentSettings settings, LongSupplier cpuMicros) {
    this.group = group;
    this.config = config;
    this.settings = settings;
    this.admin = new AdminClient(config.url());
    this.cpuMicros = cpuMicros;
  }

  /** Phase 1: every customer writes that the internet is down. */
  Seeded seed(String authToken) throws Exception {
    long start = System.nanoTime();
    // Numbers from +15550100000 on: apart from ours (+15550001111), each customer's own.
    long firstNumber = 100_000;
    SmsWebhooks webhooks = new SmsWebhooks(authToken, config.publicUrl(), config.port(), Senders.New.only(),
        n -> "My internet is down since 9:00, nothing loads (customer sms-" + n + ")");
    HttpLoad.Outcome sms = HttpLoad.run(group, config.port(), 16, settings.sms(), settings.timeout(),
        n -> webhooks.request(n + firstNumber));
    Log.info("sms: %d webhooks stored, %d failed, statuses %s", sms.completed(), sms.failed(), sms.statuses());
    URI chatUri = URI.create(config.url().replace("http:", "ws:") + "/chat/ws");
    VisitorCrowd chat = VisitorCrowd.open(group, chatUri, config.url(), settings.chat(), settings.staying(),
        settings.inFlight(), n -> "Hi, my internet is down and nothing loads (visitor chat-" + n + ")",
        settings.timeout());
    return new Seeded(sms.completed(), chat, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Phase 2: opens the incident and waits until its status text is stored as sent everywhere. */
  Opened open(OutboundTally tally) throws Exception {
    AdminClient.Answer answer = admin.post("/api/incidents", Map.of("title", "Internet outage", "text", STATUS_TEXT,
        "match", Map.of("text", MATCH, "channels", List.of("sms", "chat"))), settings.timeout());
    String id = answer.require(201, "id").asText();
    long matched = answer.require(201, "matched").asLong();
    Log.info("incident %s opened in %d ms, %d conversations matched", id, answer.took().toMillis(), matched);
    long start = System.nanoTime();
    String clientId = OutboundTally.statusClientId(id);
    awaitOrLog(() -> tally.read(clientId).sentTotal() >= matched, "status text", () -> tally.read(clientId));
    Duration statusSent = Duration.ofNanos(System.nanoTime() - start);
    Log.info("status text: %s after %.1f s", tally.read(clientId), statusSent.toMillis() / 1000.0);
    return new Opened(id, matched, answer.took(), statusSent);
  }

  /** Phase 3: posts the update and times it until it is stored as sent everywhere and pushed to the connected. */
  Updated update(Opened incident, OutboundTally tally, VisitorCrowd chat) throws Exception {
    double pacedBefore = admin.metric(PACED, SMS_LABEL);
    long cpuBefore = cpuMicros.getAsLong();
    long start = System.nanoTime();
    AdminClient.Answer answer = admin.post("/api/incidents/" + incident.id() + "/updates",
        Map.of("text", UPDATE_TEXT), settings.timeout());
    long queued = answer.require(202, "queued").asLong();
    String clientId = OutboundTally.updateClientId(incident.id(), answer.require(202, "updateId").asText());
    Log.info("update: 202 after %d ms, %d queued", answer.took().toMillis(), queued);
    long connected = chat.connected();
    Duration smsSent = null;
    Duration chatSent = null;
    Duration allSent = null;
    long cpuAfter = -1;
    long deadline = start + settings.timeout().toNanos();
    OutboundTally.Counts counts = tally.read(clientId);
    long lastLog = start;
    while (System.nanoTime() < deadline) {
      counts = tally.read(clientId);
      long now = System.nanoTime();
      if (smsSent == null && counts.sent(OutboundTally.Channel.SMS) >= settings.sms()) {
        smsSent = Duration.ofNanos(now - start);
      }
      if (chatSent == null && counts.sent(OutboundTally.Channel.CHAT) >= settings.chat()) {
        chatSent = Duration.ofNanos(now - start);
      }
      if (allSent == null && smsSent != null && chatSent != null) {
        allSent = Duration.ofNanos(now - start);
        cpuAfter = cpuMicros.getAsLong();
      }
      if (allSent != null && chat.received(UPDATE_TEXT) >= connected) {
        break;
      }
      if (now - lastLog > TimeUnit.SECONDS.toNanos(10)) {
        Log.info("update after %d s: %s, pushed to %d of %d connected", TimeUnit.NANOSECONDS.toSeconds(now - start),
            counts, chat.received(UPDATE_TEXT), connected);
        lastLog = now;
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
    Optional<Duration> pushed = chat.lastReceivedNanos(UPDATE_TEXT).stream()
        .mapToObj(t -> Duration.ofNanos(t - start)).findFirst();
    long pushedTo = chat.received(UPDATE_TEXT);
    Log.info("update: %s; all sent after %s ms, pushed to %d of %d connected", counts,
        allSent == null ? "never" : Long.toString(allSent.toMillis()), pushedTo, connected);
    return new Updated(queued, answer.took(), Optional.ofNullable(smsSent), Optional.ofNullable(chatSent),
        Optional.ofNullable(allSent), pushed, pushedTo, connected, counts,
        cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore,
        Math.round(admin.metric(PACED, SMS_LABEL) - pacedBefore));
  }

  /** A store reading, which may fail. */
  private interface Reading<T> {
    T read() throws SQLException;
  }

  private void awaitOrLog(Reading<Boolean> done, String what, Reading<OutboundTally.Counts> counts) throws Exception {
    long start = System.nanoTime();
    long deadline = start + settings.timeout().toNanos();
    long lastLog = start;
    while (!done.read()) {
      long now = System.nanoTime();
      if (now > deadline) {
        throw new TimeoutException(what + " not sent everywhere within " + settings.timeout() + ": " + counts.read());
      }
      if (now - lastLog > TimeUnit.SECONDS.toNanos(10)) {
        Log.info("%s after %d s: %s", what, TimeUnit.NANOSECONDS.toSeconds(now - start), counts.read());
        lastLog = now;
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
  }
}
