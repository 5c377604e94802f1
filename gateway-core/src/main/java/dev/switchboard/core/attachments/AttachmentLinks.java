package dev.switchboard.core.attachments;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring links to one attachment for those who hold no token: Twilio fetching an MMS picture, a chat
 * visitor's browser showing a file. {@code <publicUrl>/media/<id>?expires=<epoch second>&sig=<HMAC>},
 * where the HMAC-SHA256 (keyed with {@code server.linkSecret}) covers the id and the expiry, so neither can
 * be changed; a link is refused once its second has passed. The key never leaves the gateway.
 */
public final class AttachmentLinks {

  /** The path links point at; {@code {id}} is the attachment id. */
  public static final String PATH = "/media/{id}";
  private static final String PREFIX = "/media/";

  private final byte[] key;
  private final Supplier<URI> publicUrl;
  private final Clock clock;

  /** {@code key} {@code null} draws a random one: links then last as long as this process. */
  public AttachmentLinks(byte[] key, Supplier<URI> publicUrl, Clock clock) {
    this.key = key != null ? key.clone() : random();
    if (this.key.length == 0) {
      throw new IllegalArgumentException("key: empty (expected: some bytes)");
    }
    this.publicUrl = requireNonNull(publicUrl, "publicUrl");
    this.clock = requireNonNull(clock, "clock");
  }

  /** An absolute link to {@code attachmentId} that works for {@code ttl} from now. */
  public URI link(String attachmentId, Duration ttl) {
    requireNonNull(attachmentId, "attachmentId");
    long expires = clock.instant().plus(ttl).getEpochSecond();
    String base = publicUrl.get().toString().replaceAll("/+$", "");
    return URI.create(base + PREFIX + URLEncoder.encode(attachmentId, StandardCharsets.UTF_8)
        + "?expires=" + expires + "&sig=" + sign(attachmentId, expires));
  }

  /** Why a link was refused, or {@link Check#VALID}. */
  public enum Check { VALID, MALFORMED, FORGED, EXPIRED }

  /** Checks a link's parts as they arrived; the signature is compared in constant time. */
  public Check check(String attachmentId, String expires, String sig) {
    if (attachmentId == null || expires == null || sig == null || !expires.matches("\\d{1,12}")) {
      return Check.MALFORMED;
    }
    long at = Long.parseLong(expires);
    byte[] expected = sign(attachmentId, at).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
      return Check.FORGED;
    }
    return Instant.ofEpochSecond(at).isAfter(clock.instant()) ? Check.VALID : Check.EXPIRED;
  }

  private String sign(String attachmentId, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal((attachmentId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static byte[] random() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  @Override
  public String toString() {
    return "AttachmentLinks[key=***]";
  }
}
