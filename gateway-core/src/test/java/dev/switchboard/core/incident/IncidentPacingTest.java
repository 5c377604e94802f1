package dev.switchboard.core.incident;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An incident update to many SMS conversations leaves each of our numbers no faster than the channel's
 * pace (here 10 a second per number, a burst of 10), while the chat's copies, unpaced, never wait for a slot.
 */
class IncidentPacingTest {

  static final String[] NUMBERS = {"+15550001111", "+15550002222"};
  static final SendPace PACE = SendPace.of(10, c -> c.threadKey().split("\\|")[0]); // a burst of 10
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS).paced(PACE);
  static final TestChannelAdapter CHAT = new TestChannelAdapter(Channel.CHAT);

  @RegisterExtension
  static final GatewayExtension gateway = Outage.gateway(SMS, CHAT);

  @Test
  void eachNumberSendsNoFasterThanItsPaceAndChatIsNotHeldBack() throws Exception {
    Outage outage = new Outage(gateway, SMS, CHAT, "pace");
    int perNumber = 30;
    for (String ours : NUMBERS) {
      for (int i = 0; i < perNumber; i++) {
        outage.sms(ours, "+1555" + String.format("%07d", 1_000_000 + i + (ours.endsWith("1111") ? 0 : 5000)), "outage");
      }
    }
    for (int i = 0; i < 20; i++) {
      outage.chat("v-" + outage.word + "-" + i, "outage");
    }
    Instant opened = Instant.now(); // nothing of the incident exists before: no slot of its sends is earlier
    outage.open("Pace", 2 * perNumber + 20);

    await().atMost(30, SECONDS).until(() -> sends(SMS, outage.status(), null).size() == 2 * perNumber);
    for (String ours : NUMBERS) {
      List<Instant> times = sends(SMS, outage.status(), ours);
      assertThat(times).hasSize(perNumber);
      // Pacing gives a number's j-th slot (from 0) no earlier than its first send plus (j - burst + 1)
      // intervals, and a send reaches the adapter at its slot or after it (the store write that follows the
      // slot comes first: a few ms on a quiet machine, seconds under load). Load only makes sends later, so
      // these lower bounds hold on any machine; at double the pace the last send would be due 1 s after the
      // opening, not 2 s. 1 ms: the outbox's due times are milliseconds. The slot times themselves are
      // checked exactly in PacingTest.
      for (int j = PACE.burst(); j < perNumber; j++) {
        Instant slot = opened.plus(PACE.interval().multipliedBy(j - PACE.burst() + 1L)).minusMillis(1);
        assertThat(times.get(j)).as("send %s from %s", j, ours).isAfterOrEqualTo(slot);
      }
    }
    assertThat(paced(Channel.SMS)).as("SMS sends moved to their slots").isPositive();
    // Chat is not held back: none of its copies waited for a slot, each went at its first attempt (a send
    // path that slept for the SMS slots would hold the chats behind them; they are not paced, so never moved).
    List<OutboundMessage> chat = CHAT.sent().stream().filter(m -> m.message().text().equals(outage.status())).toList();
    assertThat(chat).hasSize(20).allSatisfy(m -> assertThat(m.attempt()).isEqualTo(1));
    assertThat(paced(Channel.CHAT)).isZero();
  }

  private static double paced(Channel channel) {
    Counter c = gateway.gateway().meters().find("switchboard.outbox.paced").tag("channel", channel.key()).counter();
    return c == null ? 0 : c.count();
  }

  /** When each message with {@code text} was handed to the adapter (from {@code ours} only, when given), in order. */
  private static List<Instant> sends(TestChannelAdapter adapter, String text, String ours) {
    List<Instant> out = new ArrayList<>();
    var sent = adapter.sent();
    var at = adapter.sentAt();
    for (int i = 0; i < sent.size(); i++) {
      var m = sent.get(i);
      if (m.message().text().equals(text) && (ours == null || m.conversation().threadKey().startsWith(ours + "|"))) {
        out.add(at.get(i));
      }
    }
    out.sort(Instant::compareTo);
    return out;
  }
}
