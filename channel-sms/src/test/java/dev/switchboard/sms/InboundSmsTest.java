package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.Identity;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
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

  @Test
  void numbersAndSidsAreCheckedAsTheirRegexesSay() {
    Pattern e164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    Pattern sid = Pattern.compile("[A-Za-z]{2}[0-9A-Za-z]{8,64}");
    Random random = new Random(3);
    String alphabet = "+0123456789SMmzAZ_ -\u0663\uff11";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(round % 2 == 0 ? 18 : 70); i > 0; i--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (round % 3 == 0 && s.length() > 0) {
        s.setCharAt(0, round % 2 == 0 ? '+' : 'S');
      }
      String text = s.toString();
      assertThat(Identity.isE164(text)).as(text).isEqualTo(e164.matcher(text).matches());
      assertThat(InboundSms.isMessageSid(text)).as(text).isEqualTo(sid.matcher(text).matches());
    }
    assertThat(Identity.isE164("+1")).isFalse();
    assertThat(Identity.isE164("+12")).isTrue();
    assertThat(Identity.isE164("+123456789012345")).isTrue();
    assertThat(Identity.isE164("+1234567890123456")).isFalse();
    assertThat(Identity.isE164("+0123")).isFalse();
    assertThat(InboundSms.isMessageSid("SM12345678")).isTrue();
    assertThat(InboundSms.isMessageSid("SM1234567")).isFalse();
    assertThat(InboundSms.isMessageSid("S1" + "2".repeat(8))).isFalse();
  }
}
