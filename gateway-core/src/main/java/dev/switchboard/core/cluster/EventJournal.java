package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.store.IngestOutcome;
import dev.switchboard.core.store.IntakeJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Writes this node's rows into {@code cluster_events}. As the store's {@link IntakeJournal}, it writes an
 * ingest's events ({@link StoreIngest#eventsOf}) in the ingest's own transaction, so they exist exactly
 * when the message does: a node killed right after its commit cannot leave a conversation that no leader
 * hears of. After each committed batch it signals the {@link EventWakeup} once.
 */
final class EventJournal implements IntakeJournal {

  private static final String INSERT = """
      INSERT INTO cluster_events (origin, kind, conversation_id, message_id, new_conversation, automated, delivery, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

  private final String origin;
  private final EventWakeup wakeup;

  EventJournal(String origin, EventWakeup wakeup) {
    this.origin = requireNonNull(origin, "origin");
    this.wakeup = requireNonNull(wakeup, "wakeup");
  }

  @Override
  public void record(Connection c, IngestOutcome outcome) throws SQLException {
    List<EventRow> rows = StoreIngest.eventsOf(outcome).stream().map(EventRow::of).flatMap(Optional::stream).toList();
    if (!rows.isEmpty()) {
      insert(c, origin, rows);
    }
  }

  @Override
  public void committed() {
    wakeup.signal();
  }

  /**
   * Whether {@code event}, published on this node, was already written by the journal: an ingest's
   * events (an inbound message, the queueing it made). The relay sends the others.
   */
  static boolean journaled(GatewayEvent event) {
    return event instanceof GatewayEvent.ConversationQueued
        || event instanceof GatewayEvent.MessageAdded m
            && m.message().direction() == dev.switchboard.core.model.Direction.IN;
  }

  /** Inserts {@code rows} from {@code origin} on {@code c}, in whatever transaction {@code c} is in. */
  static void insert(Connection c, String origin, List<EventRow> rows) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (EventRow r : rows) {
        s.setString(1, origin);
        s.setString(2, r.kind().name());
        s.setString(3, r.conversation() == null ? null : r.conversation().value()); // none for a roll call
        s.setString(4, r.message() == null ? null : r.message().value());
        s.setBoolean(5, r.newConversation());
        s.setBoolean(6, r.automated());
        s.setString(7, r.delivery() == null ? null : r.delivery().key());
        s.setString(8, r.detail());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
