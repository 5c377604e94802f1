package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Twilio-Signature} as Twilio computes it: Base64 of HMAC-SHA1, keyed with the auth token,
 * over the URL Twilio called followed by every POST field's name and value in name order. Like the SDK's
 * {@code RequestValidator}, the URL counts with the default port written out or left off (Twilio's own
 * signing is not consistent about it). What the SDK does per request is done once here: the two spellings
 * of the public URL are worked out at start instead of parsing the URL twice per webhook, and each thread
 * keeps its keyed MAC instead of creating and keying one per check; the configured spelling is tried
 * first, so a genuine webhook costs one HMAC; names and values go into the MAC without a byte array each.
 * The SDK stays the oracle in the tests.
 */
final class TwilioSignature {

  private static final String ALGORITHM = "HmacSHA1";

  private final List<byte[]> bases;
  private final ThreadLocal<Signer> signers;

  /** {@code publicUrl}: what Twilio calls, without a query or a trailing slash. */
  TwilioSignature(String authToken, URI publicUrl) {
    requireNonNull(authToken, "authToken");
    requireNonNull(publicUrl, "publicUrl");
    SecretKeySpec key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.signers = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
        return new Signer(mac);
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
    String[] names = fields.keySet().toArray(new String[0]);
    Arrays.sort(names);
    Signer signer = signers.get();
    for (byte[] base : bases) {
      signer.mac.update(base);
      signer.update(pathAndQuery);
      for (String name : names) {
        signer.update(name);
        signer.update(fields.get(name));
      }
      if (signer.finishAndCompare(signature)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One thread's keyed MAC and the buffers it reuses: a field of plain ASCII, nearly all of Twilio's, is
   * fed through one buffer instead of a new byte array per name and value, and the result is encoded
   * into another instead of two new arrays per check.
   */
  private static final class Signer {
    /** Fields longer than this (a long SMS body) are encoded on their own rather than grow the buffer. */
    private static final int SCRATCH_BYTES = 2048;
    private static final int MAC_BYTES = 20;
    private static final int ENCODED_BYTES = 28;

    private final Mac mac;
    private final byte[] scratch = new byte[SCRATCH_BYTES];
    private final byte[] digest = new byte[MAC_BYTES];
    private final byte[] encoded = new byte[ENCODED_BYTES];

    Signer(Mac mac) {
      this.mac = mac;
    }

    /** Feeds {@code text} as UTF-8. */
    void update(String text) {
      int n = text.length();
      if (n <= SCRATCH_BYTES) {
        int i = 0;
        while (i < n && text.charAt(i) < 0x80) {
          scratch[i] = (byte) text.charAt(i);
          i++;
        }
        if (i == n) {
          mac.update(scratch, 0, n);
          return;
        }
      }
      mac.update(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Ends the MAC (which resets it for the next use) and compares its Base64 with {@code signature}, in
     * the same time wherever they differ.
     */
    boolean finishAndCompare(String signature) {
      try {
        mac.doFinal(digest, 0);
      } catch (ShortBufferException e) {
        throw new IllegalStateException("HMAC-SHA1 gives " + MAC_BYTES + " bytes", e);
      }
      Base64.getEncoder().encode(digest, encoded);
      if (signature.length() != ENCODED_BYTES) {
        return false;
      }
      int difference = 0;
      for (int i = 0; i < ENCODED_BYTES; i++) {
        difference |= encoded[i] ^ signature.charAt(i);
      }
      return difference == 0;
    }
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
