package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the ack line sorts the outcomes of batches it acknowledges together, and how far it lets the
 * position move: never past a batch with a mail the store could not take now, nor past a batch whose
 * fetch failed half-way, while every committed mail of the group is still acknowledged.
 */
class JoinedBatchesTest {

  @TempDir
  Path dir;

  private EmailRig rig;
  private final Map<Long, Integer> attempts = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() {
    rig = new EmailRig(dir);
  }

  @AfterEach
  void tearDown() {
    rig.close();
  }

  @Test
  void committedBatchesMoveThePositionToTheHighestUidOfTheLast() throws Exception {
    JoinedBatches joined = JoinedBatches.of(List.of(batch(3, taken(1), taken(2), taken(3)),
        batch(7, taken(5), taken(7)), new PendingBatch(9,
            List.of(new ParallelIntake.Refused(9, Refusal.TOO_LARGE, "too large")), List.of())), 0, attempts,
        rig.intake);

    assertThat(joined.taken).containsExactly(1L, 2L, 3L, 5L, 7L);
    assertThat(joined.refused).extracting(ParallelIntake.Refused::uid).containsExactly(9L);
    assertThat(joined.again).isEmpty();
    assertThat(joined.highest()).isEqualTo(9);
    joined.throwRetry();
  }

  @Test
  void theStoreNotTakingAMailStopsThePositionBeforeItsBatchButTheLaterCommitsAreStillAcknowledged() {
    MailIntake.StoreUnavailableException down = new MailIntake.StoreUnavailableException("store down", null);
    JoinedBatches joined = JoinedBatches.of(List.of(batch(10, taken(10)),
        batch(20, taken(11), failed(12, down)), batch(30, taken(25))), 5, attempts, rig.intake);

    assertThat(joined.taken).containsExactly(10L, 11L, 25L);
    assertThat(joined.again).containsExactly(12L);
    assertThat(joined.highest()).isEqualTo(10);
    assertThatThrownBy(joined::throwRetry).isSameAs(down);
    assertThat(attempts).as("a store that is down is no fault of the mail").isEmpty();
  }

  @Test
  void aFetchThatFailedHalfWayKeepsThePositionBeforeItsMails() throws Exception {
    JoinedBatches joined = JoinedBatches.of(List.of(batch(4, taken(4)), batch(0, taken(5))), 2, attempts,
        rig.intake);

    assertThat(joined.taken).containsExactly(4L, 5L);
    assertThat(joined.highest()).isEqualTo(4);
    joined.throwRetry();
  }

  @Test
  void aMailThatKeepsFailingIsReadAgainTwiceThenSetAside() throws Exception {
    IllegalStateException broken = new IllegalStateException("broken mail");
    for (int attempt = 1; attempt < JoinedBatches.MAX_ATTEMPTS; attempt++) {
      JoinedBatches joined = JoinedBatches.of(List.of(batch(8, failed(8, broken))), 0, attempts, rig.intake);
      assertThat(joined.again).containsExactly(8L);
      assertThat(joined.refused).isEmpty();
      assertThat(joined.highest()).as("a mail read again later does not hold the position").isEqualTo(8);
    }
    JoinedBatches last = JoinedBatches.of(List.of(batch(8, failed(8, broken))), 0, attempts, rig.intake);
    assertThat(last.again).isEmpty();
    assertThat(last.refused).extracting(ParallelIntake.Refused::reason).containsExactly(Refusal.READER_FAILED);
    last.throwRetry();
  }

  @Test
  void anIoFailureIsReadAgainNowLikeAStoreThatIsDown() {
    IOException io = new IOException("blob store full");
    JoinedBatches joined = JoinedBatches.of(List.of(batch(3, failed(3, io))), 1, attempts, rig.intake);
    assertThat(joined.highest()).isEqualTo(1);
    assertThatThrownBy(joined::throwRetry).isSameAs(io);
  }

  @SafeVarargs
  private static PendingBatch batch(long highest, CompletableFuture<ParallelIntake.Result>... taking) {
    return new PendingBatch(highest, List.of(), List.of(taking));
  }

  private static CompletableFuture<ParallelIntake.Result> taken(long uid) {
    return CompletableFuture.completedFuture(new ParallelIntake.Taken(uid));
  }

  private static CompletableFuture<ParallelIntake.Result> failed(long uid, Throwable cause) {
    return CompletableFuture.completedFuture(new ParallelIntake.Failed(uid, cause));
  }
}
