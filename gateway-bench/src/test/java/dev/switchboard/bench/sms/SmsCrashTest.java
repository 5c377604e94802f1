package dev.switchboard.bench.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.crash.CrashStore;
import dev.switchboard.bench.crash.DeskAgent;
import dev.switchboard.bench.crash.KillCycles;
import dev.switchboard.bench.crash.Replies;
import dev.switchboard.bench.crash.SendersAndAgent;
import dev.switchboard.bench.net.ClientLoops;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SMS under SIGKILL: signed Twilio webhooks bring texts in, an agent answers each over
 * {@code /agent/ws}, and the replies go through the real Twilio SDK to a stand-in of Twilio's API that
 * deduplicates on the idempotency token, while the gateway process is killed and restarted on the same
 * SQLite file. Every text answered 200 is stored once; every reply is stored once, sent, created once at
 * the stand-in, and requested again only where a resend was counted.
 */
class SmsCrashTest {

  private static final String AUTH_TOKEN = "crash-test-auth-token-0123456789";
  private static final int PHONES = 4;

  @org.junit.jupiter.api.io.TempDir // not the bench's TempDir, used for the free port
  Path dir;

  private final ClientLoops loops = new ClientLoops(1);

  @AfterEach
  void stopClients() {
    loops.close();
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES) // every step is bounded; this covers 20 cycles at their slowest
  void everyAcknowledgedTextIsStoredOnceAndEveryReplyCreatedOnceAtTheProviderAcrossKills() throws Exception {
    try (IdempotentTwilioStandIn twilio = new IdempotentTwilioStandIn()) {
      GatewayConfigFile config = new GatewayConfigFile(TempDir.freePort(), dir, 1, 1000, false,
          new GatewayConfigFile.SmsSection(AUTH_TOKEN, twilio.baseUrl()), null);
      CrashTexters texters = new CrashTexters(AUTH_TOKEN, PHONES, config);
      DeskAgent agent = new DeskAgent(loops.group(), 0);
      CrashStore store = new CrashStore(config.sqliteFile());

      KillCycles.Run run = new KillCycles("sms", config, 40).run(new SendersAndAgent("texts", texters, agent) {
        @Override
        protected Map<String, Long> pending() throws Exception {
          return Map.of("outbox entries", store.outbox());
        }
      });

      Map<String, List<CrashStore.Row>> storedBySid = store.messages("SMS", "IN").stream()
          .collect(Collectors.groupingBy(CrashStore.Row::externalId));
      Map<String, Long> storedPerText = store.messages("SMS", "IN").stream()
          .collect(Collectors.groupingBy(CrashStore.Row::body, Collectors.counting()));
      Map<String, Integer> resends = run.resends();
      Map<String, Integer> requests = twilio.requestsByToken();
      Map<String, String> acknowledged = texters.acknowledged();
      Log.info("CRASH sms: cycles %d (seed %d), inbound acknowledged %d, stored %d, duplicates %d, replies "
          + "acknowledged %d, created at the provider %d, resends %d, repeated provider requests %d",
          run.cycles(), run.seed(), acknowledged.size(), storedBySid.size(),
          storedPerText.values().stream().mapToLong(n -> n - 1).sum(), agent.acknowledged().size(),
          twilio.sidByToken().size(), run.totalResends(), requests.values().stream().mapToInt(n -> n - 1).sum());

      acknowledged.forEach((sid, body) -> assertThat(storedBySid.get(sid)).as("copies of %s", sid)
          .singleElement().extracting(CrashStore.Row::body).isEqualTo(body));
      assertThat(storedPerText).as("texts stored more than once").allSatisfy((text, n) -> assertThat(n).isOne());
      assertThat(storedBySid).as("stored, none unacknowledged after settling").hasSize(acknowledged.size());

      Map<String, CrashStore.Row> replies = Replies.checkStoredOnceAndSent(store, "SMS", agent);
      assertThat(replies).as("replies sent").isNotEmpty();
      Replies.checkResendsCounted(run);
      assertThat(twilio.requestsWithoutToken()).as("requests without an idempotency token").isZero();
      assertThat(twilio.sidByToken()).as("messages created at the provider, one per reply")
          .containsOnlyKeys(replies.keySet());
      replies.values().forEach(r -> assertThat(r.externalId()).as("SID recorded for %s", r.id())
          .isEqualTo(twilio.sidByToken().get(r.id())));
      assertThat(requests).as("requests per reply, at most one more per resend")
          .allSatisfy((id, n) -> assertThat(n).isLessThanOrEqualTo(1 + resends.getOrDefault(id, 0)));
    }
  }
}
