package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events between nodes, through an ordered table. Outgoing: an ingest's events are written in the ingest's
 * own transaction through {@link #intake()}; the other events of this node that others need
 * ({@link EventRow#of}) are appended to {@code cluster_events} in batches by one thread, each batch in one
 * transaction. Either way a committed batch signals one {@code NOTIFY} ({@link EventWakeup}), sent from its
 * own thread outside any transaction. Incoming: one thread holds a {@code LISTEN} connection, wakes on a notification
 * or every {@link #POLL_MILLIS}, reads the rows after the last one seen, reads their conversation and
 * message from the store, and publishes them on this node's bus, in order.
 *
 * <p>Sequence numbers are taken at insert and committed later, so across nodes a lower number can commit
 * after a higher one was read: such gaps are remembered and asked for again for {@link #GAP_MILLIS}
 * (after that the number belonged to a rolled-back insert).
 */
public final class ClusterEvents implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);
  static final int POLL_MILLIS = 500;
  static final long GAP_MILLIS = 10_000;
  private static final int BATCH = 500;
  private static final int READ_AHEAD = 100; // store reads issued at once by the tail: bounds its share of the readers
  private static final String READ = """
      SELECT seq, origin, kind, conversation_id, message_id, new_conversation, automated, delivery, detail
      FROM cluster_events WHERE seq > ? OR seq = ANY (?) ORDER BY seq LIMIT 1000""";

  private final DataSource source;
  private final String nodeId;
  private final EventBus events;
  private final ConversationStore store;
  private final BlockingQueue<EventRow> outgoing = new LinkedBlockingQueue<>(100_000);
  private final ThreadLocal<Boolean> republishing = ThreadLocal.withInitial(() -> false);
  private final Counter sent;
  private final Counter received;
  private final Counter dropped;
  private final Counter unknown;
  private final Thread writer;
  private final EventWakeup wakeup;
  private final EventJournal journal;
  private final Thread tail;
  private final AutoCloseable subscription;
  private volatile boolean running = true;
  private long last;
  private final Map<Long, Long> gaps = new TreeMap<>();
  private final WatchedHere watched = new WatchedHere();

  private ClusterEvents(DataSource source, String nodeId, EventBus events, ConversationStore store,
      MeterRegistry meters) throws SQLException {
    this.source = requireNonNull(source, "source");
    this.nodeId = requireNonNull(nodeId, "nodeId");
    this.events = requireNonNull(events, "events");
    this.store = requireNonNull(store, "store");
    this.sent = meters.counter("switchboard.cluster.events", "direction", "sent");
    this.received = meters.counter("switchboard.cluster.events", "direction", "received");
    this.dropped = meters.counter("switchboard.cluster.events", "direction", "dropped");
    this.unknown = meters.counter("switchboard.cluster.events", "direction", "unknown");
    try (Connection c = source.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM cluster_events")) {
      rs.next();
      last = rs.getLong(1); // what came before is in the store, which a new leader's router reads whole
    }
    this.wakeup = new EventWakeup(source, nodeId);
    this.journal = new EventJournal(nodeId, wakeup);
    this.subscription = events.subscribe(this::onLocalEvent);
    this.writer = new Thread(this::writeLoop, "sb-cluster-events-out");
    this.tail = new Thread(this::tailLoop, "sb-cluster-events-in");
    writer.setDaemon(true);
    tail.setDaemon(true);
  }

  /** Starts relaying this node's events out and other nodes' events in. */
  static ClusterEvents start(DataSource source, String nodeId, EventBus events, ConversationStore store,
      MeterRegistry meters) throws SQLException {
    ClusterEvents e = new ClusterEvents(source, nodeId, events, store, meters);
    e.writer.start();
    e.tail.start();
    return e;
  }

  /**
   * The store through which this node takes messages in: each ingest writes its events in its own
   * transaction ({@link EventJournal}), so they reach the other nodes exactly when it committed.
   */
  public ConversationStore intake() {
    return store.journaledBy(journal);
  }

  private void onLocalEvent(GatewayEvent event) {
    if (republishing.get()) {
      return; // another node's event, published here by the tail: not ours to send back
    }
    if (event instanceof GatewayEvent.QueueWatched w) {
      watched.note(w); // before it is queued to go out: a roll call's answer re-checks after its own
    }
    if (EventJournal.journaled(event)) {
      return; // written with the ingest that made it
    }
    EventRow.of(event).ifPresent(this::send);
  }

  private void writeLoop() {
    List<EventRow> batch = new ArrayList<>();
    while (running || !outgoing.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          EventRow first = outgoing.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          outgoing.drainTo(batch, BATCH - 1);
        }
        insert(batch);
        sent.increment(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException e) {
        log.warn("Could not send {} events to the other nodes ({}); trying again", batch.size(), e.toString());
        pause();
      }
    }
  }

  private void insert(List<EventRow> batch) throws SQLException {
    try (Connection c = source.getConnection()) {
      c.setAutoCommit(false);
      try {
        EventJournal.insert(c, nodeId, batch);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    wakeup.signal(); // after the commit, from the wake-up's own thread
  }

  private void tailLoop() {
    while (running) {
      try (Connection c = source.getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + EventWakeup.CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          readNew(c);
          pg.getNotifications(POLL_MILLIS); // wakes early on a NOTIFY; a lost one only delays
        }
      } catch (SQLException e) {
        if (running) {
          log.warn("Reading the other nodes' events failed ({}); reconnecting", e.toString());
          pause();
        }
      } catch (RuntimeException e) {
        log.error("Reading the other nodes' events failed", e);
        pause();
      }
    }
  }

  private void readNew(Connection c) throws SQLException {
    long now = System.nanoTime();
    gaps.values().removeIf(since -> now - since > GAP_MILLIS * 1_000_000);
    List<EventRow> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(READ)) {
      s.setLong(1, last);
      Array missing = c.createArrayOf("bigint", gaps.keySet().toArray());
      s.setArray(2, missing);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          if (gaps.remove(seq) == null) {
            if (seq <= last) {
              continue;
            }
            for (long g = last + 1; g < seq && gaps.size() < 10_000; g++) {
              gaps.put(g, now);
            }
            last = seq;
          }
          EventRow.Kind kind = kindOf(rs.getString(3));
          if (kind != null && !nodeId.equals(rs.getString(2))) {
            EventRow row = new EventRow(kind, rs.getString(4) == null ? null : new ConversationId(rs.getString(4)),
                rs.getString(5) == null ? null : new MessageId(rs.getString(5)), rs.getBoolean(6), rs.getBoolean(7),
                rs.getString(8) == null ? null : DeliveryStatus.ofKey(rs.getString(8)), rs.getString(9));
            rows.add(row);
          }
        }
      }
    }
    for (int from = 0; from < rows.size(); from += READ_AHEAD) {
      publishAll(rows.subList(from, Math.min(rows.size(), from + READ_AHEAD)));
    }
  }

  /**
   * Publishes {@code rows} in order, their store reads issued together first (each conversation and
   * message once), so the reader pool works on them side by side instead of one event at a time.
   */
  private void publishAll(List<EventRow> rows) {
    Map<ConversationId, CompletableFuture<Optional<Conversation>>> conversations = new HashMap<>();
    Map<MessageId, CompletableFuture<Optional<Message>>> messages = new HashMap<>();
    for (EventRow r : rows) {
      if (r.kind().readsConversation()) {
        conversations.computeIfAbsent(r.conversation(), id -> store.conversation(id).toCompletableFuture());
      }
      if (r.kind() == EventRow.Kind.MESSAGE_ADDED) {
        messages.computeIfAbsent(r.message(), id -> store.message(id).toCompletableFuture());
      }
    }
    for (EventRow r : rows) {
      publish(r, conversations.get(r.conversation()), messages.get(r.message()));
    }
  }

  /** A row's kind, or null (counted, skipped) for one this version does not know: a newer node wrote it. */
  private EventRow.Kind kindOf(String key) {
    try {
      return EventRow.Kind.valueOf(key);
    } catch (IllegalArgumentException e) {
      unknown.increment();
      return null;
    }
  }

  /** Waits for the event's rows read from the store when it needs them (on the tail's own thread) and publishes it here. */
  private void publish(EventRow row, CompletableFuture<Optional<Conversation>> readConversation,
      CompletableFuture<Optional<Message>> readMessage) {
    if (row.kind() == EventRow.Kind.ROLL_CALL) {
      int answered = watched.announce(w -> EventRow.of(w).ifPresent(this::send));
      log.info("A new leader asked for the watched chats; {} are watched here", answered);
      publishHere(new GatewayEvent.LeaderTookOver());
      return;
    }
    GatewayEvent event;
    try {
      Conversation conversation = null;
      Message message = null;
      if (row.kind().readsConversation()) {
        conversation = readConversation.orTimeout(10, TimeUnit.SECONDS).join().orElse(null);
        if (conversation == null) {
          log.warn("Event {} names conversation {}, which is not in the store", row.kind(), row.conversation());
          return;
        }
      }
      if (row.kind() == EventRow.Kind.MESSAGE_ADDED) {
        message = readMessage.orTimeout(10, TimeUnit.SECONDS).join().orElse(null);
      }
      event = row.event(conversation, message);
    } catch (RuntimeException e) {
      log.warn("Could not read event {} of conversation {}: {}", row.kind(), row.conversation(), e.toString());
      return;
    }
    if (event == null) {
      return;
    }
    republishing.set(true);
    try {
      events.publish(event);
      received.increment();
    } finally {
      republishing.set(false);
    }
  }

  /**
   * What a new leader starts last, once its router and chat continuity follow the bus: a roll call. The
   * chats watched on this node are said again on its bus (not sent: the others do not need them), and
   * every other node answers the roll call with the chats watched on it ({@code QueueWatched} rows), so
   * the new leader knows them without waiting for the visitors to reconnect. Every node, this one included,
   * then publishes {@code LeaderTookOver} on its own bus: what the old leader committed but never sent as an
   * event is in the store by now (the takeover's fence waited for its writes).
   */
  public Singleton rollCall() {
    return term -> {
      send(EventRow.rollCall());
      int here = watched.announce(this::publishHere);
      log.info("Term {}: roll call of the watched chats sent to the other nodes; {} are watched here",
          term.number(), here);
      publishHere(new GatewayEvent.LeaderTookOver());
      return () -> { };
    };
  }

  /** Publishes {@code event} on this node's bus only: not sent to the other nodes. */
  private void publishHere(GatewayEvent event) {
    republishing.set(true);
    try {
      events.publish(event);
    } finally {
      republishing.set(false);
    }
  }

  private void send(EventRow row) {
    if (!outgoing.offer(row)) {
      dropped.increment();
    }
  }

  /** Deletes events older than {@code maxAgeMillis}: past a rebuild, no node needs them. */
  static int prune(DataSource source, long maxAgeMillis) throws SQLException {
    try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(
        "DELETE FROM cluster_events WHERE created_at < now() - ? * INTERVAL '1 millisecond'")) {
      s.setLong(1, maxAgeMillis);
      return s.executeUpdate();
    }
  }

  private void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends what is queued, then stops both threads. */
  @Override
  public void close() {
    running = false;
    try {
      subscription.close();
      writer.join(TimeUnit.SECONDS.toMillis(10));
      wakeup.close();
      tail.interrupt();
      tail.join(TimeUnit.SECONDS.toMillis(10));
    } catch (Exception e) {
      log.debug("Stopping the event relay: {}", e.toString());
    }
  }
}
