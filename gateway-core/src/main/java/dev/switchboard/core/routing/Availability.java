package dev.switchboard.core.routing;

import dev.switchboard.core.store.ConversationStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's record of when each agent could be offered work (signed in and available), written to the
 * store only when it changes: the presence history the staffing report sets beside the agents needed.
 * Used on the router thread only.
 */
final class Availability {

  private static final Logger log = LoggerFactory.getLogger(Availability.class);

  private final ConversationStore store;
  private final Map<String, Boolean> last = new HashMap<>();

  Availability(ConversationStore store) {
    this.store = store;
  }

  /**
   * A router starting knows no agent available until their desk signs in: stretches a previous run left
   * open (a crash, a leader that lost its lease) end now.
   */
  CompletionStage<Integer> start(Instant now) {
    return store.presence().endAll(now).exceptionally(e -> {
      log.warn("Could not end the presence stretches left open by the last run", e);
      return 0;
    });
  }

  void note(String agent, boolean available, Instant now) {
    Boolean before = last.put(agent, available);
    if (before != null && before == available || before == null && !available) {
      return;
    }
    store.presence().record(agent, available, now).whenComplete((v, e) -> {
      if (e != null) {
        log.warn("Could not record that agent {} is {}available", agent, available ? "" : "not ", e);
      }
    });
  }

  /** The agents whose availability has been noted. */
  List<String> recorded() {
    return List.copyOf(last.keySet());
  }
}
