package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events between nodes, through an ordered table, in two halves. Outgoing: an ingest's events are written in
 * the ingest's own transaction through {@link #intake()} ({@link EventJournal}); the other events of this
 * node that others need ({@link EventRow#of}) go out through {@link EventSender}. Either way a committed
 * batch signals one {@code NOTIFY} ({@link EventWakeup}), sent from its own thread outside any transaction.
 * Incoming: {@link EventTail} reads the other nodes' rows and publishes them on this node's bus, in order.
 * This class joins the halves to the bus: what it hears goes out, what comes in is published without
 * going out again, and a new leader's roll call is answered with the chats watched here ({@link WatchedHere}).
 */
public final class ClusterEvents implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);
  static final int POLL_MILLIS = 500;
  /** How long a skipped sequence number is asked for again ({@link SequenceGaps}). */
  static final long GAP_MILLIS = 10_000;

  private final EventBus events;
  private final ConversationStore store;
  private final ThreadLocal<Boolean> republishing = ThreadLocal.withInitial(() -> false);
  private final EventWakeup wakeup;
  private final EventJournal journal;
  private final EventSender sender;
  private final EventTail tail;
  private final AutoCloseable subscription;
  private final WatchedHere watched = new WatchedHere();

  private ClusterEvents(DataSource source, String nodeId, EventBus events, ConversationStore store,
      MeterRegistry meters) throws SQLException {
    requireNonNull(source, "source");
    requireNonNull(nodeId, "nodeId");
    this.events = requireNonNull(events, "events");
    this.store = requireNonNull(store, "store");
    long last;
    try (Connection c = source.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM cluster_events")) {
      rs.next();
      last = rs.getLong(1); // what came before is in the store, which a new leader's router reads whole
    }
    this.wakeup = new EventWakeup(source, nodeId);
    this.journal = new EventJournal(nodeId, wakeup);
    this.sender = new EventSender(source, nodeId, wakeup, meters);
    this.tail = new EventTail(source, nodeId, last, store, this::publishHere, this::answerRollCall, meters);
    this.subscription = events.subscribe(this::onLocalEvent);
  }

  /** Starts relaying this node's events out and other nodes' events in. */
  static ClusterEvents start(DataSource source, String nodeId, EventBus events, ConversationStore store,
      MeterRegistry meters) throws SQLException {
    ClusterEvents e = new ClusterEvents(source, nodeId, events, store, meters);
    e.sender.start();
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
    EventRow.of(event).ifPresent(sender::send);
  }

  /** Publishes on this node's bus an event that must not go out again (another node's, or said here only). */
  private void publishHere(GatewayEvent event) {
    republishing.set(true);
    try {
      events.publish(event);
    } finally {
      republishing.set(false);
    }
  }

  /**
   * Another node leads now and asks which chats are watched: each one watched here is sent to it, and
   * {@code LeaderTookOver} is published here.
   */
  private void answerRollCall() {
    int answered = watched.announce(w -> EventRow.of(w).ifPresent(sender::send));
    log.info("A new leader asked for the watched chats; {} are watched here", answered);
    publishHere(new GatewayEvent.LeaderTookOver());
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
      sender.send(EventRow.rollCall());
      int here = watched.announce(this::publishHere);
      log.info("Term {}: roll call of the watched chats sent to the other nodes; {} are watched here",
          term.number(), here);
      publishHere(new GatewayEvent.LeaderTookOver());
      return () -> { };
    };
  }

  /** Deletes events older than {@code maxAgeMillis}: past a rebuild, no node needs them. */
  static int prune(DataSource source, long maxAgeMillis) throws SQLException {
    try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(
        "DELETE FROM cluster_events WHERE created_at < now() - ? * INTERVAL '1 millisecond'")) {
      s.setLong(1, maxAgeMillis);
      return s.executeUpdate();
    }
  }

  /** The wait of either half before it tries again after a failure. */
  static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends what is queued, then stops both threads. */
  @Override
  public void close() {
    try {
      subscription.close();
      sender.close();
      wakeup.close();
      tail.close();
    } catch (Exception e) {
      log.debug("Stopping the event relay: {}", e.toString());
    }
  }
}
