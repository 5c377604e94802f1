package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.LogSafe;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of both Twilio webhooks: reads the form and checks {@code X-Twilio-Signature} ({@link
 * TwilioSignature}, held to the Twilio SDK's {@code RequestValidator} in the tests) against the public URL
 * (what Twilio signs, even behind a TLS proxy) followed by the path and query as received. Never logs a body.
 */
final class WebhookGuard {

  private static final Logger log = LoggerFactory.getLogger(WebhookGuard.class);

  /** Twilio's webhook bodies are a few kilobytes; anything far larger is not from Twilio. */
  static final int MAX_FORM_BYTES = 64 * 1024;

  private final SmsSettings settings;
  private final TwilioSignature signatures;
  private final SmsMetrics metrics;

  WebhookGuard(SmsSettings settings, SmsMetrics metrics) {
    this.settings = requireNonNull(settings, "settings");
    this.signatures = new TwilioSignature(settings.authToken().reveal(), settings.publicUrl());
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /** What the guard decided about one webhook request. */
  sealed interface Verdict {
    /** Signed by our account: these are the form's fields. */
    record Accepted(Map<String, String> fields) implements Verdict {}

    /** Not a form we can read; answered 400 with {@code message}, which may quote the form. */
    record Malformed(WebhookForm.Problem problem, String message) implements Verdict {
      public Malformed {
        requireNonNull(problem, "problem");
        requireNonNull(message, "message");
      }
    }

    /** No signature, or one that does not match; answered 403. */
    record Forged(Signature signature) implements Verdict {
      public Forged {
        requireNonNull(signature, "signature");
      }
    }
  }

  /** What was wrong with the signature of a forged request. */
  enum Signature {
    MISSING, MISMATCHED
  }

  /**
   * Decides, counts and logs a refusal. Nothing the sender wrote reaches the log before the signature is
   * checked: a refusal is logged as a summary (the route, the peer, the kind of problem, the size).
   */
  Verdict check(HttpRequest request) {
    Verdict verdict = decide(request);
    if (verdict instanceof Verdict.Malformed m) {
      metrics.malformed();
      log.warn("Refused Twilio webhook {} from {}: malformed form ({}), {} bytes", LogSafe.quote(request.path()),
          request.remoteAddress(), m.problem(), request.body().length());
    } else if (verdict instanceof Verdict.Forged f) {
      metrics.forged();
      log.warn("Refused Twilio webhook {} from {}: {}", LogSafe.quote(request.path()), request.remoteAddress(),
          f.signature() == Signature.MISSING ? "no X-Twilio-Signature"
              : "X-Twilio-Signature does not match " + LogSafe.quote(settings.signedUrl(request.path())));
    }
    return verdict;
  }

  private Verdict decide(HttpRequest request) {
    if (!request.mediaType().equals("application/x-www-form-urlencoded")) {
      return new Verdict.Malformed(WebhookForm.Problem.NOT_A_FORM,
          "content type " + request.mediaType() + " (expected: application/x-www-form-urlencoded)");
    }
    if (request.body().length() > MAX_FORM_BYTES) {
      return new Verdict.Malformed(WebhookForm.Problem.TOO_LARGE, "form body of " + request.body().length()
          + " bytes (expected: <= " + MAX_FORM_BYTES + ")");
    }
    Map<String, String> fields;
    try {
      fields = request.body().read(WebhookForm::parse); // parse keeps nothing of the array
    } catch (WebhookForm.Malformed e) {
      return new Verdict.Malformed(e.problem(), e.getMessage());
    } catch (IOException e) {
      return new Verdict.Malformed(WebhookForm.Problem.UNREADABLE, "the body could not be read");
    }
    String signature = request.header("X-Twilio-Signature").orElse("");
    if (signature.isBlank()) {
      return new Verdict.Forged(Signature.MISSING);
    }
    if (!signatures.matches(request.uri(), fields, signature)) {
      return new Verdict.Forged(Signature.MISMATCHED);
    }
    return new Verdict.Accepted(fields);
  }

  /** The answer to a webhook the guard did not accept: 400 for a malformed form, 403 for a bad signature. */
  static HttpResponse refusal(Verdict verdict) {
    if (verdict instanceof Verdict.Malformed m) {
      return HttpResponse.error(400, "malformed_form", m.message());
    }
    if (verdict instanceof Verdict.Forged) {
      return HttpResponse.error(403, "forbidden", "X-Twilio-Signature is missing or does not match");
    }
    throw new IllegalArgumentException("verdict: " + verdict + " (expected: a refusal)");
  }
}
