package dev.switchboard.core.continuity;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.LinkKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link in a continuity forward that reopens the same chat on any device, and the visitor token it is
 * exchanged for. {@code <publicUrl>/chat/?reopen=<visitorId>.<expires>.<sig>}: an HMAC under
 * {@code server.linkSecret} (the {@link LinkKey} of the other signed links) over the purpose, the visitor id
 * and the expiry, so it names one visitor and cannot be made for another or kept past its second. The
 * widget hands it over in {@code hello}; the server answers with a <em>signed visitor token</em>
 * {@code <visitorId>.<sig>} (another purpose), a credential for that same visitor that needs no stored row,
 * since the gateway keeps only the SHA-256 of random tokens and cannot mint another with the same hash.
 */
public final class ChatReopenLinks {

  private static final Pattern LINK_TOKEN = Pattern.compile("([0-9a-f]{64})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})");
  private static final Pattern VISITOR_TOKEN = Pattern.compile("([0-9a-f]{64})\\.([A-Za-z0-9_-]{43})");

  private final LinkKey key;
  private final Supplier<URI> publicUrl;
  private final Clock clock;

  public ChatReopenLinks(LinkKey key, Supplier<URI> publicUrl, Clock clock) {
    this.key = requireNonNull(key, "key");
    this.publicUrl = requireNonNull(publicUrl, "publicUrl");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Why a reopen token was refused, or {@link Check#VALID}. */
  public enum Check { VALID, MALFORMED, FORGED, EXPIRED }

  /** A checked reopen token: the visitor it names when {@code check} is {@link Check#VALID}. */
  public record Opened(Check check, Optional<String> visitorId) {
    public Opened {
      requireNonNull(check, "check");
      requireNonNull(visitorId, "visitorId");
    }
  }

  /** The reopen token for {@code visitorId}, good for {@code ttl} from now. */
  public String token(String visitorId, Duration ttl) {
    requireNonNull(visitorId, "visitorId");
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return visitorId + "." + expires + "." + key.sign("chat-reopen\n" + visitorId + "\n" + expires);
  }

  /** The absolute link that opens the chat page on {@code visitorId}'s conversation, for {@code ttl}. */
  public URI link(String visitorId, Duration ttl) {
    String base = publicUrl.get().toString().replaceAll("/+$", "");
    return URI.create(base + "/chat/?reopen=" + token(visitorId, ttl));
  }

  /** Checks a reopen token as it arrived; the signature is compared in constant time. */
  public Opened check(String token) {
    Matcher m = LINK_TOKEN.matcher(token == null ? "" : token);
    if (!m.matches()) {
      return new Opened(Check.MALFORMED, Optional.empty());
    }
    if (!key.verifies("chat-reopen\n" + m.group(1) + "\n" + m.group(2), m.group(3))) {
      return new Opened(Check.FORGED, Optional.empty());
    }
    if (!Instant.ofEpochSecond(Long.parseLong(m.group(2))).isAfter(clock.instant())) {
      return new Opened(Check.EXPIRED, Optional.empty());
    }
    return new Opened(Check.VALID, Optional.of(m.group(1)));
  }

  /** A visitor token bound to {@code visitorId}: what a valid reopen token is exchanged for. It does not expire. */
  public String visitorToken(String visitorId) {
    return requireNonNull(visitorId, "visitorId") + "." + key.sign("chat-visitor\n" + visitorId);
  }

  /** Whether {@code text} has the shape of a signed visitor token (not whether it is genuine). */
  public static boolean isSignedVisitorToken(String text) {
    return text != null && VISITOR_TOKEN.matcher(text).matches();
  }

  /** The visitor a signed visitor token is bound to, or empty if it is malformed or forged. */
  public Optional<String> visitorOf(String signedToken) {
    Matcher m = VISITOR_TOKEN.matcher(signedToken == null ? "" : signedToken);
    return m.matches() && key.verifies("chat-visitor\n" + m.group(1), m.group(2))
        ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "ChatReopenLinks[key=***]";
  }
}
