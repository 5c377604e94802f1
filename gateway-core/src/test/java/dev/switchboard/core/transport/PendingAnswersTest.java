package dev.switchboard.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingAnswersTest {

  final PendingAnswers pending = new PendingAnswers();
  final List<String> written = new ArrayList<>();

  @Test
  void anAnswerReadyBeforeAnEarlierOneWaitsAndBothGoWhenTheEarlierIsReady() {
    PendingAnswers.Place first = pending.join();
    PendingAnswers.Place second = pending.join();
    PendingAnswers.Place third = pending.join();

    pending.settle(third, () -> written.add("third"));
    pending.settle(second, () -> written.add("second"));
    assertThat(written).isEmpty();
    assertThat(pending.waiting()).isEqualTo(3);

    pending.settle(first, () -> written.add("first"));
    assertThat(written).containsExactly("first", "second", "third");
    assertThat(pending.waiting()).isZero();
  }

  @Test
  void theHeadIsWrittenAtOnceWithoutWaitingForLaterOnes() {
    PendingAnswers.Place first = pending.join();
    pending.join();

    pending.settle(first, () -> written.add("first"));

    assertThat(written).containsExactly("first");
    assertThat(pending.waiting()).isEqualTo(1);
  }

  @Test
  void aPlaceSettlesOnceSoALateAnswerAfterTheDeadlineIsDropped() {
    PendingAnswers.Place place = pending.join();

    pending.settle(place, () -> written.add("deadline"));
    pending.settle(place, () -> written.add("late"));

    assertThat(written).containsExactly("deadline");
    assertThat(place.settled()).isTrue();
  }
}
