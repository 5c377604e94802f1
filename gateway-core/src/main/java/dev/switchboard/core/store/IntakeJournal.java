package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What other nodes must learn of an ingest, written in the ingest's own transaction (cluster mode's
 * events table): the events exist exactly when the message does. See
 * {@link ConversationStore#journaledBy}.
 */
public interface IntakeJournal {

  /**
   * Writes the rows for {@code outcome} on {@code c}, inside the ingest's transaction, after the message
   * was stored (a duplicate too: it is up to the journal what that needs). A failure fails the ingest.
   */
  void record(Connection c, IngestOutcome outcome) throws SQLException;

  /**
   * Called once per committed group-commit batch that held one or more records, on the store's completion
   * thread, outside any transaction: must only hand on (the cluster wakes its readers from its own thread).
   */
  void committed();
}
