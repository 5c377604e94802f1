package dev.switchboard.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventBatchTest {

  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final Runnable wakeRouter = () -> ran.add("wake router");
  private final Runnable wakeDesk = () -> ran.add("wake desk");

  @Test
  void eachEndRunsOnceAfterTheBatchInTheOrderRegistered() {
    EventBatch.run(() -> {
      assertThat(EventBatch.atEndOnce(wakeRouter)).isTrue();
      ran.add("published 1");
      assertThat(EventBatch.atEndOnce(wakeDesk)).isTrue();
      assertThat(EventBatch.atEndOnce(wakeRouter)).isFalse();
      ran.add("published 2");
    });

    assertThat(ran).containsExactly("published 1", "published 2", "wake router", "wake desk");
  }

  @Test
  void outsideABatchNothingIsRegistered() {
    assertThat(EventBatch.atEndOnce(wakeRouter)).isFalse();
    EventBatch.run(() -> ran.add("published"));

    assertThat(ran).containsExactly("published");
  }

  @Test
  void aBatchInsideABatchIsPartOfIt() {
    EventBatch.run(() -> {
      EventBatch.run(() -> assertThat(EventBatch.atEndOnce(wakeRouter)).isTrue());
      ran.add("published after the inner batch");
      assertThat(EventBatch.atEndOnce(wakeRouter)).isFalse();
    });

    assertThat(ran).containsExactly("published after the inner batch", "wake router");
  }

  @Test
  void theEndsRunWhenPublishingThrowsAndAFailingEndDoesNotStopTheOthers() {
    assertThatThrownBy(() -> EventBatch.run(() -> {
      EventBatch.atEndOnce(() -> {
        throw new IllegalStateException("end failed");
      });
      EventBatch.atEndOnce(wakeRouter);
      throw new IllegalArgumentException("listener failed");
    })).isInstanceOf(IllegalArgumentException.class);

    assertThat(ran).containsExactly("wake router");
    assertThat(EventBatch.atEndOnce(wakeDesk)).isFalse();
  }
}
