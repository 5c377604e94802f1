package dev.switchboard.core.store;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * What one inbound message costs the SQLite store in pages and SQLite work, counted, not timed (issue #11):
 * for each channel, a fresh store takes {@code senders} first messages (each a new contact and
 * conversation), then {@code senders x (perSender - 1)} follow-ups (each an existing conversation, in a
 * scattered order), in
 * commits of exactly {@code batch} messages (the writer waits for a full batch), through the real
 * {@link ConversationStore}. A reader holds a snapshot from the start, so no checkpoint can reset the
 * WAL: every frame the run wrote is still in it. Printed per message: WAL frames (4 KiB pages written), by
 * the b-tree that owns the page; rows written (SQLite's update hook: rowid tables, triggers included);
 * and SQLite virtual-machine steps (the progress handler at every step), which follow the number of
 * statements and the b-tree work they do. The search indexer does not run (its own batches, not the
 * ingest's).
 *
 * <p>With a fourth argument {@code time} it counts nothing (the progress handler at every step costs more
 * than the steps) and prints instead the store writer thread's CPU time per message of each phase (its
 * {@code ThreadMXBean} time: the ingests and their commits, fsync included, not the caller's threads).
 *
 * <p>Run: {@code java -cp <test classpath> dev.switchboard.core.store.IngestPages [senders] [perSender] [batch]
 * [time]} (docs/performance.md shows the command).
 */
final class IngestPages {

  private static final Instant RECEIVED = Instant.parse("2026-12-01T10:00:00Z");

  private IngestPages() {}

  public static void main(String[] args) throws Exception {
    int senders = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int perSender = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    boolean time = args.length > 3 && args[3].equals("time");
    System.out.printf(Locale.ROOT, "senders=%d perSender=%d batch=%d%s%n", senders, perSender, batch,
        time ? " (writer CPU time, nothing counted)" : "");
    for (Channel channel : List.of(Channel.CHAT, Channel.SMS, Channel.EMAIL)) {
      if (time) {
        time(channel, senders, perSender, batch);
      } else {
        run(channel, senders, perSender, batch);
      }
    }
  }

  private static void time(Channel channel, int senders, int perSender, int batch) throws Exception {
    Path dir = Files.createTempDirectory("ingest-pages-");
    StorageConfig config = new StorageConfig(dir.resolve("switchboard.db"), null, dir.resolve("attachments"), batch,
        Duration.ofSeconds(5), null);
    try (Stores stores = Stores.open(config, Clock.systemUTC(), new SimpleMeterRegistry(),
        new SearchIndexPolicy(Duration.ofHours(1), 5_000))) {
      ConversationStore store = stores.conversations();
      long writer = writerThreadId();
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long start = threads.getThreadCpuTime(writer);
      ingest(store, senders, batch, i -> message(channel, i, 0));
      long afterFirst = threads.getThreadCpuTime(writer);
      int follow = senders * (perSender - 1);
      ingest(store, follow, batch, i -> message(channel, scattered(i % senders, senders), 1 + i / senders));
      long end = threads.getThreadCpuTime(writer);
      System.out.printf(Locale.ROOT, "%-5s writer CPU per message: first %.1f us (%d), follow-up %.1f us (%d)%n",
          channel.name().toLowerCase(Locale.ROOT), (afterFirst - start) / 1e3 / senders, senders,
          (end - afterFirst) / 1e3 / follow, follow);
    } finally {
      deleteTree(dir);
    }
  }

  private static long writerThreadId() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("switchboard-store-writer"))
        .mapToLong(Thread::getId)
        .findFirst()
        .orElseThrow();
  }

  private static void run(Channel channel, int senders, int perSender, int batch) throws Exception {
    Path dir = Files.createTempDirectory("ingest-pages-");
    StorageConfig config = new StorageConfig(dir.resolve("switchboard.db"), null, dir.resolve("attachments"), batch,
        Duration.ofSeconds(5), null);
    Counters counters = new Counters();
    try (Stores stores = Stores.open(config, Clock.systemUTC(), new SimpleMeterRegistry(),
            new SearchIndexPolicy(Duration.ofHours(1), 5_000));
        Connection pin = DriverManager.getConnection("jdbc:sqlite:" + config.sqlite())) {
      stores.write(c -> counters.attach(c.unwrap(SQLiteConnection.class))).get(10, TimeUnit.SECONDS);
      pin.setAutoCommit(false);
      try (Statement s = pin.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
        rs.next();
      }
      ConversationStore store = stores.conversations();
      List<Integer> before = WalFrames.pages(config.sqlite());
      Phase first = Phase.of(counters, before.size());
      ingest(store, senders, batch, i -> message(channel, i, 0));
      List<Integer> afterFirst = WalFrames.pages(config.sqlite());
      Phase followUps = Phase.of(counters, afterFirst.size());
      int follow = senders * (perSender - 1);
      ingest(store, follow, batch, i -> message(channel, scattered(i % senders, senders), 1 + i / senders));
      List<Integer> after = WalFrames.pages(config.sqlite());
      Phase end = Phase.of(counters, after.size());
      stores.write(c -> counters.detach(c.unwrap(SQLiteConnection.class))).get(10, TimeUnit.SECONDS);
      pin.commit();
      Map<Integer, String> owners = WalFrames.owners(config.sqlite());
      print(channel, "first", senders, first, followUps,
          WalFrames.byOwner(afterFirst.subList(before.size(), afterFirst.size()), owners));
      print(channel, "follow-up", follow, followUps, end,
          WalFrames.byOwner(after.subList(afterFirst.size(), after.size()), owners));
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code count} messages, {@code batch} at a time: each batch is queued whole and waited for. */
  private static void ingest(ConversationStore store, int count, int batch, IntFunction<InboundMessage> message)
      throws Exception {
    for (int start = 0; start < count; start += batch) {
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + batch); i++) {
        pending.add(store.ingest(message.apply(i)).toCompletableFuture());
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Sender {@code i} of {@code senders} in another order, so that a batch of follow-ups touches conversations
   * made far apart, as live traffic does (a prime step: a permutation unless it divides {@code senders}).
   */
  private static int scattered(int i, int senders) {
    return (int) ((long) i * 7_919 % senders);
  }

  /** The {@code k}th message (0: the first) of sender {@code s} on {@code channel}, as its adapter builds it. */
  static InboundMessage message(Channel channel, int s, int k) {
    Instant at = RECEIVED.plusSeconds(k);
    return switch (channel) {
      // The widget's clientId: the time in milliseconds as 12 hex digits, then 12 of its own (storage.js).
      case CHAT -> InboundMessage.builder(Channel.CHAT, Identity.chatVisitor("v" + s),
              String.format(Locale.ROOT, "%012x%012x:v%d", at.toEpochMilli(), s, s), "v" + s)
          .senderName("Visitor " + s).text("Chat message " + k + " from visitor " + s).receivedAt(at).build();
      case SMS -> {
        String phone = String.format(Locale.ROOT, "+1555%07d", s);
        yield InboundMessage.builder(Channel.SMS, Identity.phone(phone), "SM" + s + "x" + k, phone + ">+15550001111")
            .text("Text message " + k + " from " + phone).receivedAt(at).build();
      }
      case EMAIL -> {
        String from = "customer" + s + "@example.com";
        String thread = mailId(s, 0);
        yield InboundMessage.builder(Channel.EMAIL, Identity.email(from), mailId(s, k), thread)
            .senderName("Customer " + s).subject(k == 0 ? "Help" : "Re: Help")
            .references(k == 0 ? List.of() : List.of(mailId(s, k - 1)))
            .text("Mail " + k + " from " + from).receivedAt(at).build();
      }
      default -> throw new IllegalArgumentException("channel: " + channel);
    };
  }

  private static String mailId(int s, int k) {
    return "<m" + s + "." + k + "@mail.example.com>";
  }

  private static void print(Channel channel, String phase, int messages, Phase from, Phase to,
      Map<String, Integer> frames) {
    double n = messages;
    StringBuilder byTree = new StringBuilder();
    frames.forEach((tree, count) -> byTree.append(String.format(Locale.ROOT, " %s=%.2f", tree, count / n)));
    StringBuilder rows = new StringBuilder();
    to.rowsSince(from).forEach((table, count) ->
        rows.append(String.format(Locale.ROOT, " %s=%.2f", table, count / n)));
    System.out.printf(Locale.ROOT, "%-5s %-9s msgs=%d commits=%d walFrames/msg=%.2f vmSteps/msg=%.0f rows/msg=%.2f%n"
            + "      frames/msg by b-tree:%s%n      rows/msg by table:%s%n",
        channel.name().toLowerCase(Locale.ROOT), phase, messages, to.commits - from.commits,
        (to.frames - from.frames) / n, (to.steps - from.steps) / n, (to.totalRows() - from.totalRows()) / n, byTree, rows);
  }

  /** What the writer connection reports through SQLite's hooks, on the writer's thread. */
  private static final class Counters extends ProgressHandler implements SQLiteCommitListener {
    final AtomicLong steps = new AtomicLong();
    final AtomicLong commits = new AtomicLong();
    final Map<String, AtomicLong> rows = new java.util.concurrent.ConcurrentHashMap<>();

    Void attach(SQLiteConnection c) throws java.sql.SQLException {
      ProgressHandler.setHandler(c, 1, this);
      c.addCommitListener(this);
      c.addUpdateListener((type, db, table, rowId) -> rows.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet());
      return null;
    }

    Void detach(SQLiteConnection c) throws java.sql.SQLException {
      ProgressHandler.clearHandler(c);
      c.removeCommitListener(this);
      return null;
    }

    @Override
    protected int progress() {
      steps.incrementAndGet();
      return 0;
    }

    @Override
    public void onCommit() {
      commits.incrementAndGet();
    }

    @Override
    public void onRollback() {}
  }

  /** The counters at one moment. */
  private record Phase(long frames, long steps, long commits, Map<String, Long> rows) {
    static Phase of(Counters c, long frames) {
      Map<String, Long> rows = new TreeMap<>();
      c.rows.forEach((table, count) -> rows.put(table, count.get()));
      return new Phase(frames, c.steps.get(), c.commits.get(), rows);
    }

    long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> rowsSince(Phase from) {
      Map<String, Long> out = new TreeMap<>();
      rows.forEach((table, count) -> {
        long d = count - from.rows.getOrDefault(table, 0L);
        if (d != 0) {
          out.put(table, d);
        }
      });
      return out;
    }
  }
}
