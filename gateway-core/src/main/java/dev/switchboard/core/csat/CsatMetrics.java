package dev.switchboard.core.csat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.CsatSurveys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * {@code switchboard.csat.asks{channel, outcome}} (asked, skipped), {@code switchboard.csat.answers{channel,
 * outcome}} (recorded, repeated, already_answered, expired, not_asked, invalid) and
 * {@code switchboard.csat.scores{channel}}, the scores recorded.
 */
final class CsatMetrics {

  private final MeterRegistry meters;

  CsatMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void asked(Channel channel, boolean skipped) {
    Counter.builder("switchboard.csat.asks").description("Satisfaction surveys asked, or skipped (opted out)")
        .tag("channel", channel.key()).tag("outcome", skipped ? "skipped" : "asked").register(meters).increment();
  }

  void answered(Channel channel, CsatSurveys.Answered answered) {
    count(channel, answered.outcome().name().toLowerCase(Locale.ROOT));
    if (answered.outcome() == CsatSurveys.Outcome.RECORDED) {
      answered.survey().flatMap(s -> s.answer()).ifPresent(a -> DistributionSummary.builder("switchboard.csat.scores")
          .description("Satisfaction scores recorded (1 to 5)").tag("channel", channel.key()).register(meters)
          .record(a.score()));
    }
  }

  /** An answer refused before the store saw it: a score outside 1 to 5, a forged link. */
  void invalid(Channel channel) {
    count(channel, "invalid");
  }

  private void count(Channel channel, String outcome) {
    Counter.builder("switchboard.csat.answers").description("Satisfaction answers by what became of them")
        .tag("channel", channel.key()).tag("outcome", outcome).register(meters).increment();
  }
}
