package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /email/inbound}: raw MIME ({@code message/rfc822}) from a mail provider or a script, with
 * an admin token. Answers 202 {@code {"conversationId","messageId","duplicate"}} after the commit, 413
 * or 422 with the reason when the mail is refused, 503 when the store cannot take it now.
 */
final class InboundEndpoint implements HttpHandler {

  static final String PATH = "/email/inbound";
  private static final Logger log = LoggerFactory.getLogger(InboundEndpoint.class);

  private final AdminAuth auth;
  private final MailIntake intake;
  private final MailLimits limits;
  private final EmailMetrics metrics;
  private final Clock clock;
  private final Executor parsing;

  /** {@code parsing} spools and parses the posted mails. */
  InboundEndpoint(AdminAuth auth, MailIntake intake, MailLimits limits, EmailMetrics metrics, Clock clock,
      Executor parsing) {
    this.parsing = requireNonNull(parsing, "parsing");
    this.auth = requireNonNull(auth, "auth");
    this.intake = requireNonNull(intake, "intake");
    this.limits = requireNonNull(limits, "limits");
    this.metrics = requireNonNull(metrics, "metrics");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    auth.require(request);
    Instant arrived = clock.instant();
    if (!request.mediaType().equals("message/rfc822")) {
      throw new HttpException(415, "unsupported_media_type",
          "Send the raw mail with Content-Type: message/rfc822.");
    }
    if (request.body().length() > limits.maxBytes()) {
      metrics.refused("http", Refusal.TOO_LARGE);
      return CompletableFuture.completedFuture(HttpResponse.error(413, Refusal.TOO_LARGE.code(), "The mail has "
          + request.body().length() + " bytes, more than the limit of " + limits.maxBytes() + "."));
    }
    // Spooling and MIME parsing block and take CPU in proportion to the mail: they run on their own pool.
    return CompletableFuture.supplyAsync(() -> take(request, arrived), parsing)
        .thenCompose(taking -> taking)
        .handle((outcome, failure) -> {
          if (failure == null) {
            return answer(outcome);
          }
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          if (cause instanceof MailIntake.StoreUnavailableException e) {
            log.warn("POST {} not stored: {}", PATH, e.getMessage());
            return HttpResponse.error(503, "store_unavailable", "The mail could not be stored now; send it again later.")
                .withHeader("Retry-After", "5");
          }
          throw failure instanceof CompletionException c ? c : new CompletionException(cause);
        });
  }

  private CompletionStage<IntakeOutcome> take(HttpRequest request, Instant arrived) {
    try (InputStream in = request.body().open()) {
      return intake.take(in::transferTo, "http", arrived, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse answer(IntakeOutcome outcome) {
    if (outcome instanceof IntakeOutcome.Refused r) {
      log.info("POST {} refused: {} ({})", PATH, r.reason().code(), r.message());
      return HttpResponse.error(r.reason().httpStatus(), r.reason().code(), capitalized(r.message()));
    }
    IntakeOutcome.Taken taken = (IntakeOutcome.Taken) outcome;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("conversationId", taken.result().conversationId().value());
    body.put("messageId", taken.result().messageId().value());
    body.put("duplicate", taken.duplicate());
    return HttpResponse.json(202, body);
  }

  private static String capitalized(String message) {
    String m = message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    return m.endsWith(".") ? m : m + ".";
  }
}
