package dev.switchboard.sms;

import dev.switchboard.core.http.HttpException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a webhook's failed store step to 503, logged here once. Not bounded in time here: the server's
 * request deadline ({@code server.handlerTimeout}) answers a stalled step 503 {@code deadline_exceeded},
 * and a timer per step (two or three per webhook, each a schedule and a cancel on the JDK's one shared
 * delay thread) cost more than the rest of the handler.
 */
final class Stages {

  private static final Logger log = LoggerFactory.getLogger(Stages.class);

  private Stages() {}

  /** {@code stage}, or a stage failed with 503 {@code unavailable} when it fails. */
  static <T> CompletionStage<T> unavailableOnFailure(CompletionStage<T> stage, String what) {
    return stage.handle((value, failure) -> {
      if (failure != null) {
        throw unavailable(what, failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure);
      }
      return value;
    });
  }

  private static HttpException unavailable(String what, Throwable cause) {
    log.error("SMS webhook: could not {}", what, cause);
    return new HttpException(503, "unavailable", "could not " + what + "; Twilio may retry");
  }
}
