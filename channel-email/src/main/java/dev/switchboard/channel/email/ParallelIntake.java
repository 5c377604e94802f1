package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Takes the mails the IMAP reader fetched off its thread: each is spooled and normalized on the parsing
 * pool, several at once, and committed through the store's group writer. Every mail ends in a
 * {@link Result}, never in a failed future, so the reader can acknowledge each one by what happened to it.
 */
final class ParallelIntake {

  /** What became of one mail. */
  sealed interface Result {
    long uid();
  }

  /** Committed (stored, or recognized as a duplicate): acknowledge it. */
  record Taken(long uid) implements Result {}

  /** Refused for a reason of its own (too large, unreadable, no sender): move it aside. */
  record Refused(long uid, Refusal reason, String message) implements Result {}

  /** Not stored: the store did not commit it, or reading it threw. */
  record Failed(long uid, Throwable cause) implements Result {
    /** Worth reading again as it is, later: the store or the blob store could not take it now. */
    boolean retryable() {
      return cause instanceof MailIntake.StoreUnavailableException || cause instanceof java.io.IOException;
    }

    /** An Error (out of memory on a hostile mail, say): not tried again, the mail goes aside at once. */
    boolean error() {
      return cause instanceof Error;
    }
  }

  private final MailIntake intake;
  private final Executor parsing;
  private final String folder;

  ParallelIntake(MailIntake intake, Executor parsing, String folder) {
    this.intake = requireNonNull(intake, "intake");
    this.parsing = requireNonNull(parsing, "parsing");
    this.folder = requireNonNull(folder, "folder");
  }

  /** Starts taking one mail; completes after its commit (or refusal, or failure). */
  CompletableFuture<Result> take(MailboxListing.Body body, Instant arrived) {
    long uid = body.uid();
    return CompletableFuture.supplyAsync(() -> {
      try {
        return intake.take(out -> out.write(body.raw()), "imap", arrived,
            Map.of("imapUid", Long.toString(uid), "imapFolder", folder));
      } catch (java.io.IOException e) {
        throw new CompletionException(e);
      }
    }, parsing).thenCompose(stage -> stage).handle((outcome, failure) -> {
      if (failure == null) {
        return outcome instanceof IntakeOutcome.Refused r
            ? new Refused(uid, r.reason(), r.message())
            : new Taken(uid);
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      return new Failed(uid, cause);
    });
  }
}
