package dev.switchboard.chat;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pages may open the chat websocket: an exact match of the {@code Origin} header against the
 * configured {@code allowedOrigins}, or the gateway's own origin (its {@code publicUrl}, or the
 * {@code Host} the browser asked for), so the demo page at {@code /chat/} works without any config.
 * A handshake with no {@code Origin} is refused: every browser sends one.
 */
final class OriginPolicy {

  private final Set<String> allowed;
  private final String publicOrigin;

  OriginPolicy(List<String> allowedOrigins, URI publicUrl) {
    this.allowed = allowedOrigins.stream().map(OriginPolicy::trimSlash).collect(Collectors.toUnmodifiableSet());
    this.publicOrigin = publicUrl == null ? null : originOf(publicUrl);
  }

  boolean allows(Optional<String> origin, Optional<String> host) {
    if (origin.isEmpty()) {
      return false;
    }
    String o = origin.get();
    if (allowed.contains(o) || o.equals(publicOrigin)) {
      return true;
    }
    return host.map(h -> o.equals("http://" + h) || o.equals("https://" + h)).orElse(false);
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
