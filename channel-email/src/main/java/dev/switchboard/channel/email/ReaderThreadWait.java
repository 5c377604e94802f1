package dev.switchboard.channel.email;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place where the email channel waits on a future: the IMAP reader's own thread (never a shared
 * pool, never an event loop) waits, bounded, for the commits of a batch and for its mailbox position,
 * because it may flag mail only after the store has it, and Jakarta Mail's IMAP connection is blocking
 * and single-threaded anyway. Every failure, the timeout included, is a {@link MailIntake.StoreUnavailableException}:
 * nothing was acknowledged, the reader reconnects and reads again.
 */
final class ReaderThreadWait {

  private ReaderThreadWait() {}

  static <T> T await(CompletionStage<T> stage, Duration bound, String what) throws MailIntake.StoreUnavailableException {
    try {
      return stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MailIntake.StoreUnavailableException("interrupted while waiting for " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MailIntake.StoreUnavailableException u) {
        throw u;
      }
      throw new MailIntake.StoreUnavailableException(what + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new MailIntake.StoreUnavailableException(what + " did not complete within " + bound, e);
    }
  }
}
