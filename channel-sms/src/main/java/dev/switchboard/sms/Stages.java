package dev.switchboard.sms;

import dev.switchboard.core.http.HttpException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits for the store from a webhook's worker thread; a store that fails or stalls answers 503. */
final class Stages {

  private static final Logger log = LoggerFactory.getLogger(Stages.class);

  /** Twilio gives a webhook 15 s; after that nobody waits for our answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private Stages() {}

  static <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw unavailable(what, e);
    }
  }

  private static HttpException unavailable(String what, Exception cause) {
    log.error("SMS webhook: could not {}", what, cause instanceof ExecutionException ? cause.getCause() : cause);
    return new HttpException(503, "unavailable", "could not " + what + "; Twilio may retry");
  }
}
