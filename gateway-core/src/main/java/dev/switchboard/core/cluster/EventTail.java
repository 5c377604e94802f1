package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incoming half of {@link ClusterEvents}: one thread ({@code sb-cluster-events-in}) holds a
 * {@code LISTEN} connection, wakes on a notification or every {@link ClusterEvents#POLL_MILLIS}, reads the
 * rows other nodes wrote after the last one seen (and the gaps still open, {@link SequenceGaps}), reads
 * their conversation and message from the store, and hands the rebuilt events on in order. A roll call
 * row is handed to its own callback: it asks this node something rather than telling it.
 */
final class EventTail {

  private static final Logger log = LoggerFactory.getLogger(EventTail.class);
  private static final int READ_AHEAD = 100; // store reads issued at once: bounds the tail's share of the readers
  private static final String READ = """
      SELECT seq, origin, kind, conversation_id, message_id, new_conversation, automated, delivery, detail
      FROM cluster_events WHERE seq > ? OR seq = ANY (?) ORDER BY seq LIMIT 1000""";

  private final DataSource source;
  private final String nodeId;
  private final ConversationStore store;
  private final Consumer<GatewayEvent> publish;
  private final Runnable rollCall;
  private final SequenceGaps seen;
  private final Counter received;
  private final Counter unknown;
  private final Thread tail;
  private volatile boolean running = true;

  /**
   * Reads the rows after {@code last}; {@code publish} gets each other node's event, {@code rollCall} runs
   * when a new leader asks for the watched chats. Both run on the tail's thread.
   */
  EventTail(DataSource source, String nodeId, long last, ConversationStore store, Consumer<GatewayEvent> publish,
      Runnable rollCall, MeterRegistry meters) {
    this.source = requireNonNull(source, "source");
    this.nodeId = requireNonNull(nodeId, "nodeId");
    this.store = requireNonNull(store, "store");
    this.publish = requireNonNull(publish, "publish");
    this.rollCall = requireNonNull(rollCall, "rollCall");
    this.seen = new SequenceGaps(last, TimeUnit.MILLISECONDS.toNanos(ClusterEvents.GAP_MILLIS));
    this.received = meters.counter("switchboard.cluster.events", "direction", "received");
    this.unknown = meters.counter("switchboard.cluster.events", "direction", "unknown");
    this.tail = new Thread(this::tailLoop, "sb-cluster-events-in");
    tail.setDaemon(true);
  }

  void start() {
    tail.start();
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
          pg.getNotifications(ClusterEvents.POLL_MILLIS); // wakes early on a NOTIFY; a lost one only delays
        }
      } catch (SQLException e) {
        if (running) {
          log.warn("Reading the other nodes' events failed ({}); reconnecting", e.toString());
          ClusterEvents.pause();
        }
      } catch (RuntimeException e) {
        log.error("Reading the other nodes' events failed", e);
        ClusterEvents.pause();
      }
    }
  }

  private void readNew(Connection c) throws SQLException {
    long now = System.nanoTime();
    List<EventRow> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(READ)) {
      s.setLong(1, seen.last());
      s.setArray(2, c.createArrayOf("bigint", seen.missing(now)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (!seen.read(rs.getLong(1), now)) {
            continue;
          }
          EventRow.Kind kind = kindOf(rs.getString(3));
          if (kind != null && !nodeId.equals(rs.getString(2))) {
            rows.add(new EventRow(kind, rs.getString(4) == null ? null : new ConversationId(rs.getString(4)),
                rs.getString(5) == null ? null : new MessageId(rs.getString(5)), rs.getBoolean(6), rs.getBoolean(7),
                rs.getString(8) == null ? null : DeliveryStatus.ofKey(rs.getString(8)), rs.getString(9)));
          }
        }
      }
    }
    for (int from = 0; from < rows.size(); from += READ_AHEAD) {
      publishAll(rows.subList(from, Math.min(rows.size(), from + READ_AHEAD)));
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

  /** Waits for the event's rows read from the store when it needs them (on the tail's own thread) and publishes it here. */
  private void publish(EventRow row, CompletableFuture<Optional<Conversation>> readConversation,
      CompletableFuture<Optional<Message>> readMessage) {
    if (row.kind() == EventRow.Kind.ROLL_CALL) {
      rollCall.run();
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
    if (event != null) {
      publish.accept(event);
      received.increment();
    }
  }

  /** Stops reading, waiting up to 10 s for the thread. */
  void close() throws InterruptedException {
    running = false;
    tail.interrupt();
    tail.join(TimeUnit.SECONDS.toMillis(10));
  }
}
