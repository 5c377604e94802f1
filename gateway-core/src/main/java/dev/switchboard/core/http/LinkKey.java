package dev.switchboard.core.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of the gateway's signed links ({@code server.linkSecret}): HMAC-SHA256 signatures, URL-safe, compared
 * in constant time. Without a configured secret a random key is drawn, and links then last as long as the process.
 */
public final class LinkKey {

  private final byte[] key;

  /** {@code key} {@code null} draws a random one. */
  public LinkKey(byte[] key) {
    this.key = key != null ? key.clone() : random();
    if (this.key.length == 0) {
      throw new IllegalArgumentException("key: empty (expected: some bytes)");
    }
  }

  /** The signature of {@code text}, base64url without padding. */
  public String sign(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** Whether {@code signature} is {@code text}'s, compared in constant time. */
  public boolean verifies(String text, String signature) {
    return signature != null && MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] random() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  @Override
  public String toString() {
    return "LinkKey[***]";
  }
}
