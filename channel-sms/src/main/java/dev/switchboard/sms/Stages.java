package dev.switchboard.sms;

import dev.switchboard.core.http.HttpException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounds a webhook's store step in time; a store that fails or stalls answers 503, logged here once. */
final class Stages {

  private static final Logger log = LoggerFactory.getLogger(Stages.class);

  /** Twilio gives a webhook 15 s; after that nobody waits for our answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private Stages() {}

  /**
   * {@code stage}, or a stage failed with 503 {@code unavailable} when it fails or has not completed
   * within {@link #TIMEOUT}. Nothing waits: the timeout completes a copy, never {@code stage} itself.
   */
  static <T> CompletionStage<T> within(CompletionStage<T> stage, String what) {
    return stage.toCompletableFuture().copy()
        .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle((value, failure) -> {
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
