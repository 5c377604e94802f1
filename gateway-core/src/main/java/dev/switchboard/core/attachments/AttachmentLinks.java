package dev.switchboard.core.attachments;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

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

  private final dev.switchboard.core.http.LinkKey key;
  private final Supplier<URI> publicUrl;
  private final Clock clock;

  /** {@code key} {@code null} draws a random one: links then last as long as this process. */
  public AttachmentLinks(byte[] key, Supplier<URI> publicUrl, Clock clock) {
    this.key = new dev.switchboard.core.http.LinkKey(key);
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
    if (!key.verifies(attachmentId + "\n" + at, sig)) {
      return Check.FORGED;
    }
    return Instant.ofEpochSecond(at).isAfter(clock.instant()) ? Check.VALID : Check.EXPIRED;
  }

  private String sign(String attachmentId, long expires) {
    return key.sign(attachmentId + "\n" + expires);
  }

  @Override
  public String toString() {
    return "AttachmentLinks[key=***]";
  }
}
