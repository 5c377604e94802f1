package dev.switchboard.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.MessageId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

class PacingTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final SendPace TWO_A_SECOND = SendPace.of(2, c -> "ours");
  static final SendPace ONE_A_SECOND = SendPace.of(1, c -> "ours");

  @Test
  void aBurstGoesAtOnceThenOneSendPerIntervalPerSender() {
    Pacing pacing = new Pacing();
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), TWO_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), TWO_A_SECOND, T0)).isZero();
    MessageId third = MessageId.random();
    assertThat(pacing.take(Channel.SMS, "+1", third, TWO_A_SECOND, T0)).isEqualTo(Duration.ofMillis(500));
    // another number, and another channel, have slots of their own
    assertThat(pacing.take(Channel.SMS, "+2", MessageId.random(), TWO_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.EMAIL, "+1", MessageId.random(), TWO_A_SECOND, T0)).isZero();
    // half a second on, the third goes in the slot it was booked; a new one waits for the next
    assertThat(pacing.take(Channel.SMS, "+1", third, TWO_A_SECOND, T0.plusMillis(500))).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), TWO_A_SECOND, T0.plusMillis(500)))
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void sendsRefusedOneAfterAnotherAreBookedSuccessiveSlots() {
    Pacing pacing = new Pacing();
    List<MessageId> ids = List.of(MessageId.random(), MessageId.random(), MessageId.random(), MessageId.random());
    assertThat(pacing.take(Channel.SMS, "+1", ids.get(0), ONE_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", ids.get(1), ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(pacing.take(Channel.SMS, "+1", ids.get(2), ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(pacing.take(Channel.SMS, "+1", ids.get(3), ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(3));
    assertThat(pacing.booked()).isEqualTo(3);
  }

  @Test
  void aSlotPromisedToOneMessageIsNotGivenToAnother() {
    Pacing pacing = new Pacing();
    MessageId first = MessageId.random();
    MessageId second = MessageId.random();
    assertThat(pacing.take(Channel.SMS, "+1", first, ONE_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", second, ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(1));
    // At T0+1 a newcomer does not get the slot second was promised: it is booked the one after.
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), ONE_A_SECOND, T0.plusSeconds(1)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(pacing.take(Channel.SMS, "+1", second, ONE_A_SECOND, T0.plusSeconds(1))).isZero();
    assertThat(pacing.booked()).isEqualTo(1);
  }

  @Test
  void aSlotGivenBackGoesToTheNextSendWhenNoLaterOneWasBooked() {
    Pacing pacing = new Pacing();
    MessageId gone = MessageId.random();
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), ONE_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", gone, ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(1));
    // Its entry was sent by another attempt meanwhile: the slot goes back, and the next message gets it.
    pacing.release(Channel.SMS, "+1", gone, ONE_A_SECOND);
    assertThat(pacing.booked()).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(1));
    // Given back twice, or never booked: nothing moves.
    pacing.release(Channel.SMS, "+1", gone, ONE_A_SECOND);
    pacing.release(Channel.SMS, "+2", MessageId.random(), ONE_A_SECOND);
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aSlotGivenBackBeforeLaterBookingsIsOnlyForgotten() {
    Pacing pacing = new Pacing();
    MessageId gone = MessageId.random();
    MessageId later = MessageId.random();
    pacing.take(Channel.SMS, "+1", MessageId.random(), TWO_A_SECOND, T0);
    pacing.take(Channel.SMS, "+1", MessageId.random(), TWO_A_SECOND, T0);
    assertThat(pacing.take(Channel.SMS, "+1", gone, TWO_A_SECOND, T0)).isEqualTo(Duration.ofMillis(500));
    assertThat(pacing.take(Channel.SMS, "+1", later, TWO_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(1));
    pacing.release(Channel.SMS, "+1", gone, TWO_A_SECOND);
    // The later booking keeps its slot, and no newcomer is promised one before it.
    assertThat(pacing.booked()).isEqualTo(1);
    assertThat(pacing.take(Channel.SMS, "+1", later, TWO_A_SECOND, T0.plusMillis(300))).isEqualTo(Duration.ofMillis(700));
    assertThat(pacing.take(Channel.SMS, "+1", MessageId.random(), TWO_A_SECOND, T0)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aMessageBackBeforeItsSlotIsToldToWaitForTheSameSlot() {
    Pacing pacing = new Pacing();
    MessageId early = MessageId.random();
    pacing.take(Channel.SMS, "+1", MessageId.random(), ONE_A_SECOND, T0);
    assertThat(pacing.take(Channel.SMS, "+1", early, ONE_A_SECOND, T0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(pacing.take(Channel.SMS, "+1", early, ONE_A_SECOND, T0.plusMillis(300)))
        .isEqualTo(Duration.ofMillis(700));
    // The store keeps due times in milliseconds: a message back a fraction of one early goes.
    assertThat(pacing.take(Channel.SMS, "+1", early, ONE_A_SECOND, T0.plusSeconds(1).minusNanos(400_000))).isZero();
  }

  /**
   * An outbox working off a backlog: each round every due entry asks for a slot; a refused one comes back
   * when it was told. Every entry is deferred once at most, the backlog takes as long as the rate says,
   * and no window of a second sees more than the burst plus the rate plus one round (entries back after
   * their slot, behind the round that was still deferring others, go together).
   */
  @Test
  void aBacklogIsDeferredOnceEachAndSentAtTheRate() {
    Pacing pacing = new Pacing();
    SendPace hundred = SendPace.of(100, c -> "ours");
    record Due(Instant at, MessageId id) {}
    PriorityQueue<Due> outbox = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
    for (int i = 0; i < 2000; i++) {
      outbox.add(new Due(T0, MessageId.random()));
    }
    List<Instant> sent = new ArrayList<>();
    int deferrals = 0;
    Instant now = T0;
    while (!outbox.isEmpty()) {
      // A round takes 50 due entries, 30 ms apart (rounds are slower than one slot).
      for (int k = 0; k < 50 && !outbox.isEmpty() && !outbox.peek().at().isAfter(now); k++) {
        Due d = outbox.poll();
        Duration wait = pacing.take(Channel.SMS, "+1", d.id(), hundred, now);
        if (wait.isZero()) {
          sent.add(now);
        } else {
          deferrals++;
          outbox.add(new Due(now.plus(wait), d.id()));
        }
      }
      now = now.plusMillis(30);
    }
    assertThat(sent).hasSize(2000);
    assertThat(deferrals).isLessThanOrEqualTo(2000 - hundred.burst());
    for (Instant from : sent) {
      long inWindow = sent.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(1))).count();
      assertThat(inWindow).isLessThanOrEqualTo(hundred.burst() + 100L + 50L);
    }
    assertThat(Duration.between(T0, sent.get(sent.size() - 1))).isLessThan(Duration.ofSeconds(21));
    assertThat(pacing.booked()).isZero();
  }
}
