package dev.switchboard.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.chat.CrashVisitor;
import dev.switchboard.bench.cluster.BenchCluster.Node;
import dev.switchboard.bench.crash.CrashStore;
import dev.switchboard.bench.crash.DeskAgent;
import dev.switchboard.bench.crash.KillCycles;
import dev.switchboard.bench.crash.Replies;
import dev.switchboard.bench.email.CrashMailers;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.sms.CrashTexters;
import dev.switchboard.bench.sms.IdempotentTwilioStandIn;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three gateway processes on one PostgreSQL schema with traffic on every channel, and the leader killed
 * with SIGKILL in the middle of it: texts posted to the leader, mail posted to a follower and read over
 * IMAP by the leader, chat visitors and desk agents on every node. Another node must lead within 10 s;
 * whoever was on the dead node moves to a live one and resumes ({@code resumeAfter}, the same keys), and
 * once everything is settled every acknowledged inbound is stored once, every stored inbound was answered,
 * every reply is stored once, sent, and reached its provider once per key (SMTP by Message-ID, the Twilio
 * stand-in by idempotency token), at most once more per resend the new leader logged. Runs when
 * {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server.
 */
class ClusterLeaderCrashTest {

  private static final String AUTH_TOKEN = "cluster-crash-auth-token-0123456";
  private static final String ADDRESS = "support@cluster.test";
  private static final String PASSWORD = "cluster-mailbox-password";
  private static final Duration LEASE = Duration.ofSeconds(5);
  private static final List<String> IDS = List.of("gw-a", "gw-b", "gw-c");

  @org.junit.jupiter.api.io.TempDir
  Path dir;

  private final ClientLoops loops = new ClientLoops(2);
  private final List<AutoCloseable> closing = new ArrayList<>();
  private String postgres;
  private BenchCluster cluster;
  private EveryChannel traffic;
  private CrashStore store;
  private volatile boolean failed;

  /** Runs before {@link #close}: a failed run keeps its evidence while the cluster still runs. */
  @RegisterExtension
  final AfterTestExecutionCallback outcome = context -> failed = context.getExecutionException().isPresent();

  @BeforeEach
  void postgres() {
    postgres = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
    assumeTrue(postgres != null && !postgres.isBlank(), "skipped: set SWITCHBOARD_TEST_POSTGRES_URL");
  }

  @AfterEach
  void close() throws Exception {
    if (failed && cluster != null) {
      try {
        new CrashEvidence(cluster, cluster.schemaUrl()).keep(getClass().getSimpleName(),
            IDS.stream().map(id -> dir.resolve(id).resolve("gateway.log")).toList(),
            traffic == null ? List.of() : traffic.agents, traffic == null ? List.of() : traffic.visitors,
            () -> traffic == null ? Map.of() : traffic.pending(store));
      } catch (Exception e) { // the cluster is stopped below whatever happened here
        Log.info("CRASH evidence could not be kept: %s", e);
      }
    }
    loops.close();
    keepLogs();
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // every wait is bounded; about a minute on a busy machine
  void killingTheLeaderMidTrafficLosesNothingAndSendsEveryReplyOnce() throws Exception {
    GreenMail greenMail = new GreenMail(new ServerSetup[] {
        new ServerSetup(TempDir.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
        new ServerSetup(TempDir.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
    greenMail.start();
    closing.add(greenMail::stop);
    GreenMailUser mailbox = greenMail.setUser(ADDRESS, ADDRESS, PASSWORD);
    IdempotentTwilioStandIn twilio = new IdempotentTwilioStandIn();
    closing.add(twilio);
    closing.add(twilio::release);
    cluster = BenchCluster.create(postgres);
    closing.add(cluster);
    GatewayConfigFile.SmsSection sms = new GatewayConfigFile.SmsSection(AUTH_TOKEN, twilio.baseUrl());
    GatewayConfigFile.EmailSection email = new GatewayConfigFile.EmailSection(ADDRESS, greenMail.getImap().getPort(),
        ADDRESS, PASSWORD, greenMail.getSmtp().getPort());
    String publicUrl = "http://support.cluster.test";
    List<Node> started = cluster.start(KillCycles.jar(), IDS, id -> new GatewayConfigFile(TempDir.freePort(),
        dir.resolve(id), 2, 1000, true, sms, email).inCluster(
            new GatewayConfigFile.ClusterSection(id, cluster.schemaUrl(), LEASE, publicUrl)),
        KillCycles.GATEWAY_JVM, Duration.ofMinutes(3));
    Node leader = cluster.awaitLeaderKnown(Duration.ofSeconds(30));
    List<Node> followers = started.stream().filter(n -> n != leader).toList();
    List<Node> order = List.of(leader, followers.get(0), followers.get(1));

    traffic = new EveryChannel(
        new CrashTexters(AUTH_TOKEN, 3, leader.config()),
        new CrashMailers(mailbox, 3),
        IntStream.range(0, 6).mapToObj(i -> new CrashVisitor(loops.group(), i)).toList(),
        List.of(new DeskAgent(loops.group(), 0), new DeskAgent(loops.group(), 1)));
    traffic.begin(order);
    store = new CrashStore(cluster.schemaUrl());
    await("every channel moving").atMost(Duration.ofSeconds(60)).dontCatchUncaughtExceptions()
        .until(() -> traffic.progress() >= 60 && traffic.progressByKind().values().stream().allMatch(n -> n >= 3)
            && !traffic.mailers.delivered().isEmpty());
    // The new leader is to resume from the position the old one stored: kill only once there is one (the
    // first is saved after the first batch's commits and flag, which a loaded machine can delay past the rest).
    // Like every wait here, it ignores GreenMail's server threads throwing when a client drops a session.
    await("the leader's IMAP position stored").atMost(Duration.ofSeconds(60)).dontCatchUncaughtExceptions()
        .until(store::imapPositionStored);
    long termBefore = cluster.get(leader, "/api/cluster").orElseThrow().path("term").asLong();
    // Kill the leader while it has a reply in flight at Twilio: the new leader must send it again, same key.
    twilio.holdRequests();
    await("an SMS reply in flight").atMost(Duration.ofSeconds(30)).dontCatchUncaughtExceptions()
        .until(() -> twilio.held() >= 1);

    long killedAt = System.nanoTime();
    leader.process().kill();
    long progressAtKill = traffic.progress();
    // The node the wait found, not a second look: a leader just elected may answer not ready for a moment
    // (its e-mail check while its IMAP session starts), which would make a second look find none.
    Node next = await("a new leader").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .dontCatchUncaughtExceptions().until(cluster::leader, Optional::isPresent).orElseThrow();
    long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    twilio.release(); // Twilio took the request; the dead leader never read its answer
    cluster.awaitLeaderKnown(Duration.ofSeconds(10));
    traffic.leave(leader, followers.get(0) == next ? followers.get(1) : followers.get(0));
    await("traffic after the failover").atMost(Duration.ofSeconds(60)).dontCatchUncaughtExceptions()
        .until(() -> traffic.progress() >= progressAtKill + 40);

    traffic.stopWriting();
    traffic.agents.forEach(a -> Log.info("CRASH %s", a.describe()));
    KillCycles.awaitSettled(Duration.ofSeconds(90), () -> traffic.pending(store));
    traffic.stop();

    Map<String, Integer> resends = new HashMap<>();
    for (Node n : started) {
      KillCycles.resendsLogged(n.process().log()).forEach((id, k) -> resends.merge(id, k, Integer::sum));
    }
    Log.info("CRASH cluster: %s took over %d ms after SIGKILL of %s; acknowledged %s before the kill, %d in all; "
        + "resends %d; chat replies the dead leader recorded sent without their delivery event %s, caught up "
        + "at the takeover %d", next.id(), failoverMillis, leader.id(), progressAtKill, traffic.progress(),
        resends.values().stream().mapToInt(Integer::intValue).sum(),
        CrashEvidence.sentWithoutDeliveryEvent(cluster.schemaUrl()), caughtUp(started));

    assertThat(failoverMillis).as("kill to new leader, ms").isLessThan(10_000);
    assertThat(cluster.get(next, "/api/cluster").orElseThrow().path("term").asLong()).isGreaterThan(termBefore);
    assertThat(cluster.text(next, "/metrics")).contains("switchboard_cluster_leader 1.0",
        "switchboard_cluster_failovers_total 1.0");
    assertThat(Files.readString(next.process().log())).as("the new leader's IMAP reader resumes from the stored cursor")
        .contains("IMAP reader connected").doesNotContain("read from scratch");

    checkIntake(store, traffic);
    checkReplies(store, traffic, resends, greenMail, twilio);
  }

  /** Every acknowledged inbound stored once, as the message its acknowledgement named; nothing else stored. */
  private static void checkIntake(CrashStore store, EveryChannel traffic) throws Exception {
    Map<String, List<CrashStore.Row>> texts = byExternalId(store.messages("SMS", "IN"));
    traffic.texters.acknowledged().forEach((sid, body) -> assertThat(texts.get(sid)).as("copies of %s", sid)
        .singleElement().extracting(CrashStore.Row::body).isEqualTo(body));
    assertThat(texts).as("texts stored").hasSize(traffic.texters.acknowledged().size());

    Map<String, List<CrashStore.Row>> mails = byExternalId(store.messages("EMAIL", "IN"));
    traffic.mailers.acknowledged().forEach((messageId, id) -> assertThat(mails.get(messageId))
        .as("copies of %s", messageId).singleElement().extracting(CrashStore.Row::id).isEqualTo(id));
    traffic.mailers.delivered().forEach(messageId -> assertThat(mails.get(messageId))
        .as("copies of %s, read over IMAP", messageId).hasSize(1));
    assertThat(mails).as("mails stored")
        .hasSize(traffic.mailers.acknowledged().size() + traffic.mailers.delivered().size());

    Map<String, List<CrashStore.Row>> chats = store.messages("CHAT", "IN").stream()
        .collect(Collectors.groupingBy(CrashStore.Row::body));
    int acknowledged = 0;
    for (CrashVisitor v : traffic.visitors) {
      v.acknowledged().forEach((clientId, id) -> assertThat(chats.get(v.text(clientId))).as("copies of %s", clientId)
          .singleElement().extracting(CrashStore.Row::id).isEqualTo(id));
      acknowledged += v.acknowledged().size();
    }
    assertThat(chats).as("chat messages stored").hasSize(acknowledged);
  }

  /**
   * Every reply stored once and sent; one agent per conversation; each reached its provider under one key,
   * a second request only where a resend was logged.
   */
  private static void checkReplies(CrashStore store, EveryChannel traffic, Map<String, Integer> resends,
      GreenMail greenMail, IdempotentTwilioStandIn twilio) throws Exception {
    for (DeskAgent agent : traffic.agents) {
      Replies.checkStoredOnceAndSent(store, List.of("SMS", "EMAIL", "CHAT"), agent);
    }
    for (String channel : List.of("SMS", "EMAIL", "CHAT")) {
      Map<String, Set<String>> authors = store.messages(channel, "OUT").stream().collect(Collectors.groupingBy(
          CrashStore.Row::conversationId, Collectors.mapping(CrashStore.Row::author, Collectors.toSet())));
      assertThat(authors).as("agents answering each %s conversation", channel)
          .allSatisfy((conversation, agents) -> assertThat(agents).hasSize(1));
    }
    Map<String, CrashStore.Row> texts = store.messages("SMS", "OUT").stream()
        .collect(Collectors.toMap(CrashStore.Row::id, r -> r));
    assertThat(twilio.requestsWithoutToken()).as("Twilio requests without an idempotency token").isZero();
    assertThat(twilio.sidByToken()).as("messages created at Twilio, one per reply").containsOnlyKeys(texts.keySet());
    assertThat(twilio.requestsByToken()).as("Twilio requests per reply, at most one more per resend")
        .allSatisfy((id, n) -> assertThat(n).isLessThanOrEqualTo(1 + resends.getOrDefault(id, 0)));
    assertThat(twilio.requestsByToken()).as("the reply in flight at the kill, sent again with its key")
        .anySatisfy((id, n) -> {
          assertThat(n).isEqualTo(2);
          assertThat(resends).containsKey(id);
        });

    Map<String, Long> received = new HashMap<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      if (m.getMessageID() != null) {
        received.merge(m.getMessageID().replaceAll("^<|>$", ""), 1L, Long::sum);
      }
    }
    store.messages("EMAIL", "OUT").forEach(r -> assertThat(received.getOrDefault(r.externalId(), 0L))
        .as("copies of reply %s received as <%s>", r.id(), r.externalId())
        .isBetween(1L, 1L + resends.getOrDefault(r.id(), 0)));

    Map<String, Integer> pushes = new HashMap<>();
    traffic.visitors.forEach(v -> v.livePushes().forEach((id, n) -> pushes.merge(id, n, Integer::sum)));
    assertThat(pushes).as("live pushes of each chat reply, at most one more per resend")
        .allSatisfy((id, n) -> assertThat(n).isLessThanOrEqualTo(1 + resends.getOrDefault(id, 0)));
  }

  /**
   * Each node's log as {@code target/crash-logs/cluster-<node>-gateway.log}, to read after the last run (a
   * failed run's are kept apart as well, see {@link CrashEvidence}).
   */
  private void keepLogs() throws java.io.IOException {
    Path kept = Path.of("target", "crash-logs");
    Files.createDirectories(kept);
    for (String id : IDS) {
      Path log = dir.resolve(id).resolve("gateway.log");
      if (Files.isRegularFile(log)) {
        Files.copy(log, kept.resolve("cluster-" + id + "-gateway.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The chat replies the nodes pushed at the takeover because their delivery event never crossed (their logs). */
  private static int caughtUp(List<Node> nodes) throws java.io.IOException {
    java.util.regex.Pattern line = java.util.regex.Pattern.compile("A new leader took over: (\\d+) chat replies");
    int n = 0;
    for (Node node : nodes) {
      java.util.regex.Matcher m = line.matcher(Files.readString(node.process().log()));
      while (m.find()) {
        n += Integer.parseInt(m.group(1));
      }
    }
    return n;
  }

  private static Map<String, List<CrashStore.Row>> byExternalId(List<CrashStore.Row> rows) {
    return rows.stream().collect(Collectors.groupingBy(CrashStore.Row::externalId));
  }
}
