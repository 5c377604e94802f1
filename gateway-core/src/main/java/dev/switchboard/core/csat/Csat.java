package dev.switchboard.core.csat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.store.CsatSurveys;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the channels hand a customer's satisfaction answer: it is stored (first answer only, within the
 * window), counted, and announced ({@link GatewayEvent.CsatAnswered}) so the conversation's agent sees it.
 * Any node takes answers; asking is the leader's {@link CsatScheduler}.
 */
public final class Csat {

  private final CsatSurveys surveys;
  private final EventBus events;
  private final CsatMetrics metrics;

  public Csat(CsatSurveys surveys, EventBus events, MeterRegistry meters) {
    this.surveys = requireNonNull(surveys, "surveys");
    this.events = requireNonNull(events, "events");
    this.metrics = new CsatMetrics(requireNonNull(meters, "meters"));
  }

  /** A score a chat visitor gave in the widget for one of their conversations. */
  public CompletionStage<CsatSurveys.Answered> answerChat(ConversationId conversation, int score,
      Optional<String> comment) {
    return done(Channel.CHAT, surveys.answerConversation(conversation, score, comment, "chat"));
  }

  /** An SMS reply of 1 to 5 on a thread; {@code messageSid} makes a retried webhook {@code REPEATED}. */
  public CompletionStage<CsatSurveys.Answered> answerSms(String threadKey, int score, String messageSid) {
    return done(Channel.SMS, surveys.answerThread(Channel.SMS, threadKey, score, "sms:" + messageSid));
  }

  /** A score from an e-mail's link. */
  CompletionStage<CsatSurveys.Answered> answerLink(String surveyId, int score) {
    return done(Channel.EMAIL, surveys.answer(surveyId, score, Optional.empty(), "link"));
  }

  /** The comment the link's thank-you page sends. */
  CompletionStage<CsatSurveys.Answered> commentLink(String surveyId, String comment) {
    return surveys.comment(surveyId, comment).thenApply(a -> {
      if (a.outcome() == CsatSurveys.Outcome.RECORDED) {
        a.survey().ifPresent(s -> events.publish(new GatewayEvent.CsatAnswered(s.conversationId(), s.id())));
      }
      return a;
    });
  }

  /** Counts an answer refused before it reached the store (a score outside 1 to 5, a forged link). */
  public void refused(Channel channel) {
    metrics.invalid(channel);
  }

  private CompletionStage<CsatSurveys.Answered> done(Channel channel, CompletionStage<CsatSurveys.Answered> stage) {
    return stage.thenApply(a -> {
      metrics.answered(channel, a);
      if (a.outcome() == CsatSurveys.Outcome.RECORDED) {
        CsatSurvey s = a.survey().orElseThrow();
        events.publish(new GatewayEvent.CsatAnswered(s.conversationId(), s.id()));
      }
      return a;
    });
  }

  CsatMetrics metrics() {
    return metrics;
  }
}
