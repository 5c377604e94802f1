package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import dev.switchboard.core.channel.Delivery;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TwilioErrorsTest {

  private static ApiException api(int status, Integer code, String message) {
    return new ApiException(message, code, "https://www.twilio.com/docs/errors/" + code, status, null);
  }

  @Test
  void unsubscribedRecipientFailsForGoodWithTwiliosCode() {
    Delivery d = TwilioErrors.classify(api(400, 21610, "Attempt to send to unsubscribed recipient"));

    assertThat(d).isInstanceOf(Delivery.Failed.class);
    assertThat(((Delivery.Failed) d).code()).isEqualTo("21610");
    assertThat(((Delivery.Failed) d).reason())
        .contains("21610", "opted out", "Attempt to send to unsubscribed recipient");
  }

  @Test
  void invalidNumberFailsForGood() {
    assertThat(TwilioErrors.classify(api(400, 21211, "The 'To' number +1555 is not a valid phone number.")))
        .isEqualTo(new Delivery.Failed("21211",
            "Twilio 21211: not a valid phone number (The 'To' number +1555 is not a valid phone number.)"));
  }

  @Test
  void clientErrorWithoutCodeFailsWithTheStatus() {
    assertThat(TwilioErrors.classify(api(404, null, "Not found")))
        .isEqualTo(new Delivery.Failed("http_404", "Twilio: Not found"));
  }

  @Test
  void rateLimitIsRetried() {
    assertThat(TwilioErrors.classify(api(429, 20429, "Too Many Requests"))).isInstanceOf(Delivery.Retry.class);
  }

  @Test
  void serverErrorsAreRetried() {
    assertThat(TwilioErrors.classify(api(503, null, "Service Unavailable"))).isInstanceOf(Delivery.Retry.class);
    assertThat(TwilioErrors.classify(api(500, 20500, "Internal Server Error"))).isInstanceOf(Delivery.Retry.class);
  }

  @Test
  void networkFailuresAreRetried() {
    assertThat(TwilioErrors.classify(new ApiConnectionException("Unable to connect")))
        .isInstanceOf(Delivery.Retry.class);
    assertThat(TwilioErrors.classify(new ApiException("Connection reset", new IOException("reset"))))
        .isInstanceOf(Delivery.Retry.class);
  }
}
