package dev.switchboard.chat;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which pages may open the chat websocket: an exact match of the {@code Origin} header against the
 * configured {@code allowedOrigins} ({@code *} allows any page), or the gateway's own origin (its {@code publicUrl}), so the demo
 * page at {@code /chat/} works without any config. The {@code Host} header is never trusted for this:
 * a page on any name that resolves to the gateway (DNS rebinding, a proxy passing Host through) would
 * otherwise match {@code http://} + Host. A handshake with no {@code Origin} is refused: every browser
 * sends one.
 */
final class OriginPolicy {

  /** The documented {@code allowedOrigins} entry that lets any page open the chat. */
  private static final String ANY = "*";

  private final Set<String> allowed;
  private final Supplier<URI> publicUrl;

  /** {@code publicUrl} is asked at each handshake: with port 0 it is known only once the port is bound. */
  OriginPolicy(List<String> allowedOrigins, Supplier<URI> publicUrl) {
    this.allowed = allowedOrigins.stream().map(OriginPolicy::trimSlash).collect(Collectors.toUnmodifiableSet());
    this.publicUrl = publicUrl;
  }

  boolean allows(Optional<String> origin) {
    if (origin.isEmpty()) {
      return false;
    }
    String o = origin.get();
    URI own = publicUrl.get();
    return allowed.contains(ANY) || allowed.contains(o) || (own != null && o.equals(originOf(own)));
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String originOf(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
