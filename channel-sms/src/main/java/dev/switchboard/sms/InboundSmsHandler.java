package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.csat.Csat;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.CsatSurveys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code POST /sms/twilio/inbound}: a customer's SMS or MMS. Checked, its media stored, then ingested;
 * the TwiML answer (empty, or the help text for HELP) goes out only after the commit, so Twilio hears
 * "done" only for what is stored. A replay of the same MessageSid is stored once. A reply of just 1 to 5 while
 * a satisfaction survey is open on the thread is its score, not a message.
 */
final class InboundSmsHandler implements HttpHandler {

  private final SmsSettings settings;
  private final WebhookGuard guard;
  private final MediaFetcher media;
  private final Ingest ingest;
  private final ConversationStore store;
  private final OptOut optOut;
  private final SmsMetrics metrics;
  private final Clock clock;
  private final Executor mediaWork;
  private final Csat csat;

  /** {@code mediaWork} runs the media downloads (blocking calls to Twilio). */
  InboundSmsHandler(SmsSettings settings, WebhookGuard guard, MediaFetcher media, Ingest ingest,
      ConversationStore store, OptOut optOut, SmsMetrics metrics, Clock clock, Executor mediaWork, Csat csat) {
    this.csat = requireNonNull(csat, "csat");
    this.mediaWork = requireNonNull(mediaWork, "mediaWork");
    this.settings = requireNonNull(settings, "settings");
    this.guard = requireNonNull(guard, "guard");
    this.media = requireNonNull(media, "media");
    this.ingest = requireNonNull(ingest, "ingest");
    this.store = requireNonNull(store, "store");
    this.optOut = requireNonNull(optOut, "optOut");
    this.metrics = requireNonNull(metrics, "metrics");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Called on the event loop: the guard refuses a large body unread, and the rest is a few microseconds
   * of parsing and a signature check before the store's stages take over; never a wait.
   */
  @Override
  public Dispatch dispatch() {
    return Dispatch.EVENT_LOOP;
  }

  @Override
  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    WebhookGuard.Verdict verdict = guard.check(request);
    if (!(verdict instanceof WebhookGuard.Verdict.Accepted accepted)) {
      return CompletableFuture.completedFuture(WebhookGuard.refusal(verdict));
    }
    Map<String, String> fields = accepted.fields();
    InboundSms sms;
    try {
      sms = InboundSms.parse(fields);
    } catch (IllegalArgumentException e) {
      metrics.malformed();
      return CompletableFuture.completedFuture(HttpResponse.error(400, "invalid_webhook", e.getMessage()));
    }
    if (sms.accountSid() != null && !sms.accountSid().equals(settings.accountSid())) {
      metrics.malformed();
      return CompletableFuture.completedFuture(
          HttpResponse.error(400, "invalid_webhook", "AccountSid is not the configured account"));
    }

    Optional<Integer> score = surveyScore(sms);
    if (score.isPresent()) {
      InboundSms answer = sms;
      return Stages.unavailableOnFailure(csat.answerSms(sms.threadKey(), score.get(), sms.messageSid()),
          "record the survey answer")
          .thenCompose(a -> a.outcome() == CsatSurveys.Outcome.RECORDED || a.outcome() == CsatSurveys.Outcome.REPEATED
              ? CompletableFuture.completedFuture(TwiML.empty())
              : ingestAndAnswer(answer)); // no survey open on the thread: a message like any other
    }
    return ingestAndAnswer(sms);
  }

  /**
   * The score of a reply to a satisfaction survey: a text that is only a digit from 1 to 5 (no media). It
   * answers the thread's open survey, if there is one, instead of becoming a message.
   */
  static Optional<Integer> surveyScore(InboundSms sms) {
    String body = sms.body().strip();
    return sms.media().isEmpty() && body.length() == 1 && CsatSurvey.validScore(body.charAt(0) - '0')
        ? Optional.of(body.charAt(0) - '0') : Optional.empty();
  }

  private CompletionStage<HttpResponse> ingestAndAnswer(InboundSms sms) {
    Keyword keyword = Keyword.of(sms.body());
    // A plain SMS (no media, nearly all of them) is built here and goes straight to the ingest, whose own
    // dedupe keeps a replay out: no look-up first and no other thread.
    CompletionStage<IngestResult> stored = sms.media().isEmpty()
        ? store(toMessage(sms, keyword, false))
        : withMedia(sms, keyword).thenCompose(this::store);
    return stored.thenCompose(result -> {
      if (result instanceof IngestResult.Duplicate) {
        metrics.duplicate();
      } else {
        metrics.received();
        if (keyword != Keyword.NONE) {
          metrics.keyword(keyword);
        }
      }
      if (keyword == Keyword.NONE) {
        return CompletableFuture.completedFuture(TwiML.empty());
      }
      // Also on a duplicate: the first attempt may have stored the message and failed before this.
      return Stages.unavailableOnFailure(optOut.apply(sms.from(), sms.to(), result.messageId(), keyword),
              "record the opt-out")
          .thenCompose(done -> keyword != Keyword.HELP ? CompletableFuture.completedFuture(TwiML.empty())
              // The answer goes out in the TwiML below; stored first (once per MessageSid), so the agent sees it.
              : Stages.unavailableOnFailure(store.appendSentMessage(result.conversationId(),
                  ConversationStore.SYSTEM_AUTHOR, settings.helpText(), "help:" + sms.messageSid()),
                  "store the help answer")
                  .thenApply(helpStored -> TwiML.message(settings.helpText())));
    });
  }

  private CompletionStage<IngestResult> store(InboundMessage message) {
    return Stages.unavailableOnFailure(ingest.accept(message), "store the message");
  }

  /**
   * The message of an MMS, its media downloaded. A replay needs no second download: the ingest finds the
   * MessageSid and keeps the first. Downloads block on Twilio, so they run on their own pool, never on the
   * store's thread.
   */
  private CompletionStage<InboundMessage> withMedia(InboundSms sms, Keyword keyword) {
    return Stages.unavailableOnFailure(store.messageByExternalId(Channel.SMS, sms.messageSid()),
            "look up the message")
        .thenApplyAsync(found -> toMessage(sms, keyword, found.isEmpty()), mediaWork);
  }

  private InboundMessage toMessage(InboundSms sms, Keyword keyword, boolean fetchMedia) {
    List<Blob> attachments = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // A plain SMS (nearly all) carries only the number it was sent to: no map to build and then copy.
    Map<String, String> metadata = keyword == Keyword.NONE && (!fetchMedia || sms.media().isEmpty())
        ? Map.of("to", sms.to()) : new LinkedHashMap<>(Map.of("to", sms.to()));
    for (InboundSms.Media item : fetchMedia ? sms.media() : List.<InboundSms.Media>of()) {
      MediaFetcher.Outcome outcome = media.fetch(sms.messageSid(), item);
      if (outcome instanceof MediaFetcher.Outcome.Stored s) {
        attachments.add(s.attachment());
      } else if (outcome instanceof MediaFetcher.Outcome.Refused r) {
        // The message is kept either way; the agent learns what is missing and where it still is.
        notes.add("[MMS media " + (item.index() + 1) + " (" + (item.contentType() == null ? "unknown type"
            : item.contentType()) + ") not stored: " + r.reason().replace('_', ' ') + "]");
        metadata.put("mediaUrl" + item.index(), item.url().toString());
        metadata.put("mediaRefused" + item.index(), r.reason());
      }
    }
    String text = sms.body();
    if (!notes.isEmpty()) {
      text = (text.isEmpty() ? "" : text + "\n") + String.join("\n", notes);
    }
    if (keyword != Keyword.NONE) {
      metadata.put("keyword", keyword.tag());
    }
    return InboundMessage.builder(Channel.SMS, Identity.phone(sms.from()), sms.messageSid(), sms.threadKey())
        .text(text)
        .attachments(attachments)
        // Carrier keywords are stored and shown, but are not new work for an agent nor auto-answered.
        .automated(keyword != Keyword.NONE)
        .metadata(metadata)
        .receivedAt(clock.instant())
        .build();
  }
}
