package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundSmsTest {

  private static Map<String, String> sms() {
    Map<String, String> f = new HashMap<>();
    f.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
    f.put("AccountSid", FakeTwilioApi.ACCOUNT_SID);
    f.put("From", "+15557654321");
    f.put("To", "+15550001111");
    f.put("Body", "Hello");
    f.put("NumMedia", "0");
    return f;
  }

  @Test
  void readsAnSmsAndThreadsItByOurNumberThenTheirs() {
    InboundSms sms = InboundSms.parse(sms());

    assertThat(sms.messageSid()).isEqualTo("SM0123456789abcdef0123456789abcdef");
    assertThat(sms.body()).isEqualTo("Hello");
    assertThat(sms.media()).isEmpty();
    assertThat(sms.threadKey()).isEqualTo("+15550001111|+15557654321");
    assertThat(ThreadKey.ourNumber(sms.threadKey())).contains("+15550001111");
  }

  @Test
  void readsMmsMediaInOrder() {
    Map<String, String> f = sms();
    f.put("NumMedia", "2");
    f.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME0");
    f.put("MediaContentType0", "image/jpeg");
    f.put("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1");

    assertThat(InboundSms.parse(f).media()).containsExactly(
        new InboundSms.Media(0, URI.create("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME0"),
            "image/jpeg"),
        new InboundSms.Media(1, URI.create("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"),
            null));
  }

  @Test
  void missingMessageSidIsRefused() {
    Map<String, String> f = sms();
    f.remove("MessageSid");
    assertThatThrownBy(() -> InboundSms.parse(f)).hasMessageContaining("MessageSid");
  }

  @Test
  void senderThatIsNotE164IsRefused() {
    Map<String, String> f = sms();
    f.put("From", "5557654321");
    assertThatThrownBy(() -> InboundSms.parse(f)).hasMessageContaining("From");
  }

  @Test
  void mediaCountOutOfRangeIsRefused() {
    Map<String, String> f = sms();
    f.put("NumMedia", "11");
    assertThatThrownBy(() -> InboundSms.parse(f)).hasMessageContaining("NumMedia");
    f.put("NumMedia", "two");
    assertThatThrownBy(() -> InboundSms.parse(f)).hasMessageContaining("NumMedia");
  }

  @Test
  void mediaCountWithoutItsUrlIsRefused() {
    Map<String, String> f = sms();
    f.put("NumMedia", "1");
    assertThatThrownBy(() -> InboundSms.parse(f)).hasMessageContaining("MediaUrl0");
  }

  @Test
  void proactiveThreadKeyHasNoNumberOfOurs() {
    assertThat(ThreadKey.ourNumber("outreach-42")).isEmpty();
    assertThat(ThreadKey.ourNumber("|+15557654321")).isEmpty();
  }
}
