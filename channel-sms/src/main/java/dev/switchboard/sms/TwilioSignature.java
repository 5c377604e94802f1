package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Twilio-Signature} as Twilio computes it: Base64 of HMAC-SHA1, keyed with the auth token,
 * over the URL Twilio called followed by every POST field's name and value in name order. Like the SDK's
 * {@code RequestValidator}, the URL counts with the default port written out or left off (Twilio's own
 * signing is not consistent about it). What the SDK does per request is done once here: the two spellings
 * of the public URL are worked out at start instead of parsing the URL twice per webhook, and each thread
 * keeps its keyed MAC instead of creating and keying one per check; the configured spelling is tried
 * first, so a genuine webhook costs one HMAC. The SDK stays the oracle in the tests.
 */
final class TwilioSignature {

  private static final String ALGORITHM = "HmacSHA1";

  private final List<byte[]> bases;
  private final ThreadLocal<Mac> macs;

  /** {@code publicUrl}: what Twilio calls, without a query or a trailing slash. */
  TwilioSignature(String authToken, URI publicUrl) {
    requireNonNull(authToken, "authToken");
    requireNonNull(publicUrl, "publicUrl");
    SecretKeySpec key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA1 is not available", e);
      }
    });
    List<byte[]> spellings = new ArrayList<>();
    spellings.add(publicUrl.toString().getBytes(StandardCharsets.UTF_8));
    spellings.add(otherPortSpelling(publicUrl).getBytes(StandardCharsets.UTF_8));
    this.bases = List.copyOf(spellings);
  }

  /**
   * Whether {@code signature} signs a request to the public URL followed by {@code pathAndQuery} (as
   * received) with these form fields.
   */
  boolean matches(String pathAndQuery, Map<String, String> fields, String signature) {
    byte[] given = signature.getBytes(StandardCharsets.UTF_8);
    byte[] path = pathAndQuery.getBytes(StandardCharsets.UTF_8);
    String[] names = fields.keySet().toArray(new String[0]);
    Arrays.sort(names);
    Mac mac = macs.get();
    for (byte[] base : bases) {
      mac.update(base);
      mac.update(path);
      for (String name : names) {
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        mac.update(fields.get(name).getBytes(StandardCharsets.UTF_8));
      }
      // doFinal resets the MAC for the next use; the comparison takes the same time wherever they differ.
      if (MessageDigest.isEqual(Base64.getEncoder().encode(mac.doFinal()), given)) {
        return true;
      }
    }
    return false;
  }

  /** The public URL with the scheme's default port written out if it had none, or left off if it had one. */
  private static String otherPortSpelling(URI url) {
    int port = url.getPort() != -1 ? -1 : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    try {
      return new URI(url.getScheme(), url.getUserInfo(), url.getHost(), port, url.getPath(), null, null).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("publicUrl: " + url, e);
    }
  }
}
