package dev.switchboard.channel.email;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A batch the reader fetched, on its way into the store and then to the {@link AckPipeline}: the mails
 * refused before their commit (too large), the commits of the others, and the UID the position moves to
 * once all are acknowledged ({@code highest}; 0 when the fetch failed half-way, so it does not move).
 */
record PendingBatch(long highest, List<ParallelIntake.Refused> refused,
    List<CompletableFuture<ParallelIntake.Result>> taking) {

  /** Every mail's commit (or failure) is done. */
  boolean committed() {
    return taking.stream().allMatch(CompletableFuture::isDone);
  }

  /** Mails in the batch. */
  int size() {
    return refused.size() + taking.size();
  }

  /** Completes when every mail's commit (or failure) is done; never fails. */
  CompletableFuture<Void> commits() {
    return CompletableFuture.allOf(taking.toArray(CompletableFuture[]::new));
  }
}
