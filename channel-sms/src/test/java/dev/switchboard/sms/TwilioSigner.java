package dev.switchboard.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook as Twilio does: HMAC-SHA1, keyed with the auth token, over the full URL followed by
 * each POST field's name and value in name order, Base64-encoded. Written from Twilio's documentation
 * (not with the SDK), and checked against the SDK's validator in {@code WebhookGuardTest}.
 */
final class TwilioSigner {

  private TwilioSigner() {}

  static String sign(String authToken, String url, Map<String, String> fields) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(fields).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code fields} as an {@code application/x-www-form-urlencoded} body. */
  static String form(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach((name, value) -> {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    return out.toString();
  }
}
