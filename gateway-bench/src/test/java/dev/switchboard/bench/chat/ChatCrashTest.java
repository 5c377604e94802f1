package dev.switchboard.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.crash.CrashStore;
import dev.switchboard.bench.crash.DeskAgent;
import dev.switchboard.bench.crash.KillCycles;
import dev.switchboard.bench.crash.Replies;
import dev.switchboard.bench.net.ClientLoops;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chat under SIGKILL: visitors write over real websockets and an agent answers each message over
 * {@code /agent/ws} while the gateway process is killed and restarted on the same SQLite file. Every
 * acknowledged message is stored once, as the message its ack named; nothing is stored twice; every
 * reply is stored once, sent, and pushed live to the visitor at most once plus once per counted resend.
 */
class ChatCrashTest {

  private static final int VISITORS = 6;

  @org.junit.jupiter.api.io.TempDir // not the bench's TempDir, used for the free port
  Path dir;

  private final ClientLoops loops = new ClientLoops(2);

  @AfterEach
  void stopClients() {
    loops.close();
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES) // every step is bounded; this covers 20 cycles at their slowest
  void everyAcknowledgedChatMessageIsStoredOnceAndEveryReplyPushedOnceAcrossKills() throws Exception {
    GatewayConfigFile config = new GatewayConfigFile(TempDir.freePort(), dir, 1, 1000, true, null, null);
    List<CrashVisitor> visitors = IntStream.range(0, VISITORS)
        .mapToObj(i -> new CrashVisitor(loops.group(), i)).toList();
    DeskAgent agent = new DeskAgent(loops.group(), 0);

    KillCycles.Run run = new KillCycles("chat", config, 40).run(new KillCycles.Traffic() {
      @Override
      public void begin(GatewayProcess gateway) throws Exception {
        agent.connect(gateway);
        for (CrashVisitor v : visitors) {
          v.connect(gateway);
        }
      }

      @Override
      public long progress() {
        return visitors.stream().mapToLong(v -> v.acknowledged().size()).sum() + agent.acknowledged().size();
      }

      @Override
      public void killed() {
        visitors.forEach(CrashVisitor::disconnect);
        agent.disconnect();
      }

      @Override
      public void settle(GatewayProcess gateway, Duration timeout) throws Exception {
        visitors.forEach(CrashVisitor::stopWriting);
        begin(gateway);
        CrashStore store = new CrashStore(config.sqliteFile());
        KillCycles.awaitSettled(timeout, () -> {
          Set<String> seen = visitors.stream().flatMap(v -> v.repliesSeen().stream()).collect(Collectors.toSet());
          return Map.of(
              "unacknowledged messages", (long) visitors.stream().mapToInt(CrashVisitor::unacknowledged).sum(),
              "unacknowledged replies", (long) agent.unacknowledged(),
              "outbox entries", store.outbox(),
              "replies the visitors never got", agent.acknowledged().values().stream()
                  .filter(id -> !seen.contains(id)).count());
        });
        killed();
      }
    });

    CrashStore store = new CrashStore(config.sqliteFile());
    Map<String, List<CrashStore.Row>> storedByText = store.messages("CHAT", "IN").stream()
        .collect(Collectors.groupingBy(CrashStore.Row::body));
    Map<String, Integer> resends = run.resends();
    Map<String, Integer> pushes = new HashMap<>();
    visitors.forEach(v -> v.livePushes().forEach((id, n) -> pushes.merge(id, n, Integer::sum)));
    int acknowledged = visitors.stream().mapToInt(v -> v.acknowledged().size()).sum();
    Log.info("CRASH chat: cycles %d (seed %d), inbound acknowledged %d, stored %d, duplicates %d, replies "
        + "acknowledged %d, resends %d, duplicate pushes %d", run.cycles(), run.seed(), acknowledged,
        storedByText.size(), storedByText.values().stream().mapToInt(rows -> rows.size() - 1).sum(),
        agent.acknowledged().size(), run.totalResends(), pushes.values().stream().mapToInt(n -> n - 1).sum());

    for (CrashVisitor v : visitors) {
      v.acknowledged().forEach((clientId, messageId) -> assertThat(storedByText.get(v.text(clientId)))
          .as("copies of %s", clientId).singleElement().extracting(CrashStore.Row::id).isEqualTo(messageId));
    }
    assertThat(storedByText).as("chat messages stored more than once")
        .allSatisfy((text, rows) -> assertThat(rows).hasSize(1));
    assertThat(storedByText).as("stored, none unacknowledged after settling").hasSize(acknowledged);

    Map<String, CrashStore.Row> replies = Replies.checkStoredOnceAndSent(store, "CHAT", agent);
    assertThat(replies).as("replies sent").isNotEmpty();
    Replies.checkResendsCounted(run);
    assertThat(pushes).as("live pushes of each reply, at most one more per resend")
        .allSatisfy((id, n) -> assertThat(n).isLessThanOrEqualTo(1 + resends.getOrDefault(id, 0)));
  }
}
