package dev.switchboard.core.followup;

import dev.switchboard.core.model.FollowUp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code switchboard.followups{outcome}}: follow-ups scheduled, sent, dropped and cancelled. */
public final class FollowUpMetrics {

  private final Map<FollowUp.Status, Counter> byStatus = new EnumMap<>(FollowUp.Status.class);

  public FollowUpMetrics(MeterRegistry meters) {
    for (FollowUp.Status s : FollowUp.Status.values()) {
      byStatus.put(s, Counter.builder("switchboard.followups").description("Follow-ups by what became of them "
          + "(scheduled counts each one made)").tag("outcome", s.key()).register(meters));
    }
  }

  /** Counts a follow-up that reached {@code status} ({@link FollowUp.Status#SCHEDULED}: one made). */
  public void count(FollowUp.Status status) {
    byStatus.get(status).increment();
  }
}
