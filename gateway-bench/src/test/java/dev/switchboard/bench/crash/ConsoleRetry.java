package dev.switchboard.bench.crash;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the agent console's desk socket ({@code gateway-server/src/main/resources/console/socket.js}) does when
 * its connection ends or cannot be opened: it opens it again after a jittered exponential backoff, 0.5 s
 * doubling to 30 s, half of each delay random, and gives up only when its token is refused (close 4401). A
 * browser cannot tell an HTTP 503 to the upgrade from a lost connection, so the console retries both.
 */
final class ConsoleRetry {

  /** The console's {@code MAX_BACKOFF_MS}. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** The console's {@code CLOSE_UNAUTHORIZED}: the token was refused, retrying cannot help. */
  static final int CLOSE_UNAUTHORIZED = 4401;

  private ConsoleRetry() {}

  /** The console's wait before attempt {@code failures + 1}; {@code random} in [0, 1). */
  static Duration backoff(int failures, double random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
    }
    double delay = Math.min(MAX_BACKOFF.toMillis(), 500 * Math.pow(2, failures - 1));
    return Duration.ofMillis(Math.round(delay / 2 + random * delay / 2));
  }

  /** Why one attempt to sign in failed, as a retrying client sees it. */
  enum Refusal {
    /** The upgrade was answered 503 (no leader known, or its router still starting): retried. */
    HTTP_503(true),
    /** The upgrade got another HTTP status: a client would retry, the test stops (a misrouted or wrong request). */
    HTTP_OTHER(false),
    /** Closed with 4503 before {@code ready} (relayed to a leader that is gone or changing): retried. */
    CLOSED_4503(true),
    /** Closed with 4401: the token was refused; the console gives up too. */
    CLOSED_4401(false),
    /** Closed with another code or without one, or the connection could not be opened (a dead node): retried. */
    LOST(true);

    private final boolean retried;

    Refusal(boolean retried) {
      this.retried = retried;
    }

    boolean retried() {
      return retried;
    }

    /** A failed handshake or connect, by its cause. */
    static Refusal ofFailure(Throwable failure) {
      Throwable t = failure;
      while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
        t = t.getCause();
      }
      if (t instanceof WebSocketClientHandshakeException h && h.response() != null) {
        return h.response().status().code() == 503 ? HTTP_503 : HTTP_OTHER;
      }
      return LOST;
    }

    /** A connection closed before {@code ready}, by the close code the server sent (-1: none). */
    static Refusal ofClose(int code) {
      return switch (code) {
        case 4503 -> CLOSED_4503;
        case CLOSE_UNAUTHORIZED -> CLOSED_4401;
        default -> LOST;
      };
    }
  }
}
