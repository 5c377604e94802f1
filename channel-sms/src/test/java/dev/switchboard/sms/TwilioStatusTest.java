package dev.switchboard.sms;

import static dev.switchboard.core.model.DeliveryStatus.DELIVERED;
import static dev.switchboard.core.model.DeliveryStatus.FAILED;
import static dev.switchboard.core.model.DeliveryStatus.QUEUED;
import static dev.switchboard.core.model.DeliveryStatus.SENDING;
import static dev.switchboard.core.model.DeliveryStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwilioStatusTest {

  @Test
  void mapsTwiliosStatusesToDeliveryStates() {
    assertThat(TwilioStatus.toDelivery("queued")).contains(QUEUED);
    assertThat(TwilioStatus.toDelivery("accepted")).contains(QUEUED);
    assertThat(TwilioStatus.toDelivery("sending")).contains(SENDING);
    assertThat(TwilioStatus.toDelivery("sent")).contains(SENT);
    assertThat(TwilioStatus.toDelivery("delivered")).contains(DELIVERED);
    assertThat(TwilioStatus.toDelivery("read")).contains(DELIVERED);
    assertThat(TwilioStatus.toDelivery("undelivered")).contains(FAILED);
    assertThat(TwilioStatus.toDelivery("FAILED")).contains(FAILED);
    assertThat(TwilioStatus.toDelivery("received")).isEmpty();
    assertThat(TwilioStatus.toDelivery("bogus")).isEmpty();
  }

  @Test
  void onlyMovesForwardSoLateCallbacksDoNotUndoDelivery() {
    assertThat(TwilioStatus.movesForward(SENT, DELIVERED)).isTrue();
    assertThat(TwilioStatus.movesForward(QUEUED, SENT)).isTrue();
    assertThat(TwilioStatus.movesForward(SENT, FAILED)).isTrue();
    assertThat(TwilioStatus.movesForward(DELIVERED, SENT)).isFalse();
    assertThat(TwilioStatus.movesForward(SENT, QUEUED)).isFalse();
    assertThat(TwilioStatus.movesForward(FAILED, DELIVERED)).isFalse();
  }

  @Test
  void failureDetailNamesTwiliosCode() {
    assertThat(StatusCallbackHandler.detail("undelivered", "30003", null))
        .isEqualTo("undelivered: Twilio 30003: the handset is unreachable");
    assertThat(StatusCallbackHandler.detail("delivered", null, null)).isEqualTo("delivered");
  }
}
