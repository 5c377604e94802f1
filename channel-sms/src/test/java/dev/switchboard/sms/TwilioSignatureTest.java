package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TwilioSignature} decides as the Twilio SDK's {@code RequestValidator} does, on thousands of seeded
 * random webhooks: public URLs with and without a port, forms with any text, signatures made for the URL
 * as configured, for its other port spelling, for another token, for other fields, and garbage.
 */
class TwilioSignatureTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final List<String> BASES = List.of("https://support.example.com", "https://support.example.com:443",
      "http://127.0.0.1:8080", "http://gw.example.org", "http://gw.example.org:80", "https://example.com/gateway",
      "https://example.com:8443/gateway");
  private static final List<String> PATHS = List.of("/sms/twilio/inbound", "/sms/twilio/status",
      "/sms/twilio/inbound?tenant=acme", "/sms/twilio/status?id=42&try=2");

  @Test
  void decidesAsTheSdkOnRandomWebhooks() {
    Random random = new Random(20261130);
    int accepted = 0;
    for (int i = 0; i < 3000; i++) {
      String base = BASES.get(random.nextInt(BASES.size()));
      String path = PATHS.get(random.nextInt(PATHS.size()));
      Map<String, String> fields = randomFields(random);
      String url = base + path;
      String signature = switch (random.nextInt(5)) {
        case 0 -> TwilioSigner.sign(TOKEN, url, fields);
        case 1 -> TwilioSigner.sign(TOKEN, otherPort(base) + path, fields);
        case 2 -> TwilioSigner.sign("another-token", url, fields);
        case 3 -> TwilioSigner.sign(TOKEN, url, randomFields(random));
        default -> randomText(random, 28);
      };
      boolean sdk = new RequestValidator(TOKEN).validate(url, fields, signature);
      boolean ours = new TwilioSignature(TOKEN, URI.create(base)).matches(path, fields, signature);
      assertThat(ours).as("%s %s %s", url, fields, signature).isEqualTo(sdk);
      accepted += ours ? 1 : 0;
    }
    // Both outcomes occur often, so the comparison above means something.
    assertThat(accepted).isBetween(1000, 2000);
  }

  @Test
  void oneInstanceChecksManyRequestsInARow() {
    TwilioSignature signatures = new TwilioSignature(TOKEN, URI.create("https://support.example.com"));
    Map<String, String> fields = Map.of("Body", "hello", "From", "+15550001111");
    String good = TwilioSigner.sign(TOKEN, "https://support.example.com/sms/twilio/inbound", fields);
    assertThat(signatures.matches("/sms/twilio/inbound", fields, "forged")).isFalse();
    assertThat(signatures.matches("/sms/twilio/inbound", fields, good)).isTrue();
    assertThat(signatures.matches("/sms/twilio/status", fields, good)).isFalse();
    assertThat(signatures.matches("/sms/twilio/inbound", fields, good)).isTrue();
  }

  @Test
  void fieldsLongerThanTheSignersBufferAndFieldsWithAccentsAreDecidedAsTheSdk() {
    TwilioSignature signatures = new TwilioSignature(TOKEN, URI.create("https://support.example.com"));
    String url = "https://support.example.com/sms/twilio/inbound";
    for (String body : List.of("a".repeat(2048), "a".repeat(2049), "b".repeat(5000) + "é", "é" + "c".repeat(3000),
        "plain", "ascii then é", "")) {
      Map<String, String> fields = Map.of("Body", body, "From", "+15550001111", "MessageSid", "SM" + "0".repeat(32));
      String good = TwilioSigner.sign(TOKEN, url, fields);
      assertThat(new RequestValidator(TOKEN).validate(url, fields, good)).isTrue();
      assertThat(signatures.matches("/sms/twilio/inbound", fields, good)).as("body of %s", body.length()).isTrue();
      Map<String, String> changed = Map.of("Body", body + "x", "From", "+15550001111",
          "MessageSid", "SM" + "0".repeat(32));
      assertThat(signatures.matches("/sms/twilio/inbound", changed, good)).isFalse();
      assertThat(signatures.matches("/sms/twilio/inbound", fields, good.substring(1))).isFalse();
      assertThat(signatures.matches("/sms/twilio/inbound", fields, good + "=")).isFalse();
    }
  }

  private static String otherPort(String base) {
    URI u = URI.create(base);
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (u.getPort() != -1) {
      return u.getScheme() + "://" + u.getHost() + path;
    }
    return u.getScheme() + "://" + u.getHost() + ":" + ("https".equals(u.getScheme()) ? 443 : 80) + path;
  }

  private static Map<String, String> randomFields(Random random) {
    Map<String, String> fields = new LinkedHashMap<>();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      fields.put(randomText(random, 1 + random.nextInt(12)), randomText(random, random.nextInt(40)));
    }
    return fields;
  }

  /** Letters, digits, punctuation, spaces, accents, emoji and CJK. */
  private static String randomText(Random random, int length) {
    String alphabet = "abcXYZ019 +-_&=%?/#:@!~'\"<>éüñ中文😀\n";
    StringBuilder out = new StringBuilder();
    while (out.codePointCount(0, out.length()) < length) {
      int k = random.nextInt(alphabet.codePointCount(0, alphabet.length()));
      out.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, k)));
    }
    return out.toString();
  }
}
