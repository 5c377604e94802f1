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
  void newSendersFirstMessagesAndFollowUpsAreInterleaved() {
    Senders fresh = new Senders.New(2, 3);

    // Sender 0 (number 0) at 0, 4 and 8; sender 1 (number 2) at 3 and 7; one-offs (odd numbers) fill the rest.
    assertThat(LongStream.range(0, 9).map(fresh::sender).toArray()).containsExactly(0, 3, 5, 2, 0, 11, 4, 2, 0);
    assertThat(LongStream.range(0, 9).map(fresh::ordinal).toArray()).containsExactly(0, 0, 0, 0, 1, 0, 0, 1, 2);
  }

  @Test
  void everyNewSenderSendsEachMessageInTurnASpreadApartBetweenOthersFirstMessages() {
    Senders fresh = new Senders.New(3, 200);
    Map<Long, Long> last = new HashMap<>();
    Map<Long, Integer> sent = new HashMap<>();
    long firsts = 0;
    for (long n = 0; n < 20_000; n++) {
      long sender = fresh.sender(n);
      assertThat(fresh.ordinal(n)).isEqualTo(sent.getOrDefault(sender, 0));
      if (last.containsKey(sender)) {
        assertThat(n - last.get(sender)).isEqualTo(201);
      }
      last.put(sender, n);
      sent.merge(sender, 1, Integer::sum);
      if (n >= 2_000 && fresh.ordinal(n) == 0) {
        firsts++;
      }
    }

    // Past the start, one message in four is a new sender's; all but the last senders sent all four.
    assertThat(firsts).isEqualTo(18_000 / 4);
    assertThat(sent.entrySet().stream().filter(e -> e.getKey() % 2 == 0 && e.getKey() / 2 < 4_000))
        .allSatisfy(e -> assertThat(e.getValue()).isEqualTo(4));
    assertThat(sent.entrySet().stream().filter(e -> e.getKey() % 2 == 1)).allSatisfy(e -> assertThat(e.getValue()).isEqualTo(1));
  }

  @Test
  void newSendersOfOneMessageEachAreAllDifferent() {
    assertThat(LongStream.range(0, 1000).map(Senders.New.only()::sender).distinct().count()).isEqualTo(1000);
    assertThat(LongStream.range(0, 1000).map(Senders.New.only()::ordinal).distinct().toArray()).containsExactly(0);
  }

  @Test
  void refusesNoSenders() {
    assertThatThrownBy(() -> new Senders.Reused(0)).hasMessageContaining("count: 0");
    assertThatThrownBy(() -> new Senders.New(1, 0)).hasMessageContaining("spread: 0");
  }
}
