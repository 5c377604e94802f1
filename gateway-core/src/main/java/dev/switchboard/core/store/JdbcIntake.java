package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Customers' messages into {@link JdbcConversationStore}: one {@link IngestTransaction} each in the group
 * writer's batches, counted by channel and outcome, and, in a journaled view, journaled in the same
 * transaction.
 */
final class JdbcIntake {

  private final GroupCommitWriter writer;
  private final Clock clock;
  private final IngestCounters counters;
  private final IntakeJournal journal; // null: none
  private final Runnable journalCommitted; // one instance: the writer runs it once per batch by identity

  JdbcIntake(GroupCommitWriter writer, Clock clock, IngestCounters counters) {
    this(writer, clock, counters, null);
  }

  private JdbcIntake(GroupCommitWriter writer, Clock clock, IngestCounters counters, IntakeJournal journal) {
    this.writer = requireNonNull(writer, "writer");
    this.clock = requireNonNull(clock, "clock");
    this.counters = requireNonNull(counters, "counters");
    this.journal = journal;
    this.journalCommitted = journal == null ? null : journal::committed;
  }

  /** This intake, also writing {@code journal}'s rows in each ingest's transaction. */
  JdbcIntake journaledBy(IntakeJournal journal) {
    return new JdbcIntake(writer, clock, counters, requireNonNull(journal, "journal"));
  }

  CompletionStage<IngestOutcome> ingest(InboundMessage message) {
    requireNonNull(message, "message");
    IntakeJournal j = journal;
    SenderThreads senders = writer.senders();
    SenderThreads.Exact<IngestOutcome> work = j == null
        ? c -> IngestTransaction.run(c, message, clock.instant(), senders) : c -> {
      IngestOutcome outcome = IngestTransaction.run(c, message, clock.instant(), senders);
      j.record(c, outcome);
      return outcome;
    };
    return writer.submit("ingest", work, journalCommitted)
        .whenComplete((outcome, error) -> {
          if (outcome != null) {
            counters.count(message.channel(), outcome.result() instanceof IngestResult.Duplicate);
          }
        });
  }
}
