package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SendersTest {

  @Test
  void reusedSendersTakeTurns() {
    Senders reused = new Senders.Reused(4);

    assertThat(LongStream.range(0, 9).map(reused::sender).toArray()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0);
    assertThat(reused.ordinal(5)).isEqualTo(1);
  }

  @Test
  void eachNewSenderSendsItsFollowUpsASpreadApart() {
    Senders fresh = new Senders.New(2, 3);

    assertThat(LongStream.range(0, 12).map(fresh::sender).toArray()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5);
    assertThat(LongStream.range(0, 12).map(fresh::ordinal).toArray()).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 0, 0);
  }

  @Test
  void everyNewSendersFirstMessageComesBeforeItsFollowUpsAndNoneIsMissing() {
    Senders fresh = new Senders.New(3, 50);
    Map<Long, Long> last = new HashMap<>();
    Map<Long, Integer> sent = new HashMap<>();
    for (long n = 0; n < 2_000; n++) {
      long sender = fresh.sender(n);
      assertThat(fresh.ordinal(n)).isEqualTo(sent.getOrDefault(sender, 0));
      if (last.containsKey(sender)) {
        assertThat(n - last.get(sender)).isEqualTo(50);
      }
      last.put(sender, n);
      sent.merge(sender, 1, Integer::sum);
    }

    assertThat(sent).hasSize(500).allSatisfy((sender, messages) -> assertThat(messages).isEqualTo(4));
  }

  @Test
  void newSendersOfOneMessageEachAreTheMessagesNumbers() {
    assertThat(LongStream.range(0, 5).map(Senders.New.only()::sender).toArray()).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void refusesNoSenders() {
    assertThatThrownBy(() -> new Senders.Reused(0)).hasMessageContaining("count: 0");
    assertThatThrownBy(() -> new Senders.New(1, 0)).hasMessageContaining("spread: 0");
  }
}
