package dev.switchboard.core.http;

import java.time.Duration;
import java.util.Optional;

/** A websocket endpoint: checks the upgrade, then makes one {@link WebSocketListener} per connection. */
public interface WebSocketHandler {

  /** Refuses the upgrade with a response (bad Origin, say), or accepts it with empty. */
  default Optional<HttpResponse> handshake(HttpRequest request) {
    return Optional.empty();
  }

  /** Called on the connection's event loop once the upgrade is done; must not block. */
  WebSocketListener open(WebSocketSession session, HttpRequest upgradeRequest);

  /** Larger text frames are refused with an {@code error} frame; the connection stays open. */
  default int maxFrameBytes() {
    return 64 * 1024;
  }

  /** With no frame in either direction for this long the server pings; with no answer it closes. */
  default Duration idleTimeout() {
    return Duration.ofMinutes(2);
  }
}
