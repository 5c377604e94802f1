package dev.switchboard.core.contacts;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.store.MergeOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges and unmerges contacts for whoever asks (the admin API, a supervisor's desk, a proved e-mail
 * address): the store does it in one transaction; once committed, the router's copies of the open
 * conversations follow (on its own thread), each moved open conversation is published as updated, and
 * the outcome is counted ({@code switchboard.contacts.merges{action, result}}).
 */
public final class ContactMerges {

  private static final Logger log = LoggerFactory.getLogger(ContactMerges.class);

  private final ContactStore contacts;
  private final Supplier<Router> router;
  private final EventBus events;
  private final MeterRegistry meters;

  /** {@code router} may give null (no router on this node): the store's change stands, routing catches up on its restore. */
  public ContactMerges(ContactStore contacts, Supplier<Router> router, EventBus events, MeterRegistry meters) {
    this.contacts = requireNonNull(contacts, "contacts");
    this.router = requireNonNull(router, "router");
    this.events = requireNonNull(events, "events");
    this.meters = requireNonNull(meters, "meters");
  }

  public CompletionStage<MergeOutcome> merge(ContactId into, ContactId from, String by) {
    return contacts.merge(into, from, by).thenApply(outcome -> after("merge", outcome));
  }

  public CompletionStage<MergeOutcome> unmerge(ContactId into, String mergeId, String by) {
    return contacts.unmerge(into, mergeId, by).thenApply(outcome -> after("unmerge", outcome));
  }

  /** What a committed merge elsewhere (an e-mail proof) needs done, as {@link #merge} does it. */
  public void merged(MergeOutcome.Done done) {
    after("merge", done);
  }

  private MergeOutcome after(String action, MergeOutcome outcome) {
    String result = outcome instanceof MergeOutcome.Refused r ? r.reason().key() : "done";
    Counter.builder("switchboard.contacts.merges").description("Contact merges and unmerges, by outcome")
        .tag("action", action).tag("result", result).register(meters).increment();
    if (outcome instanceof MergeOutcome.Done done) {
      log.info("Contact {} {} {} by {}: {} identities, {} conversations", done.merge().from(),
          action.equals("merge") ? "merged into" : "split from", done.merge().into(),
          action.equals("merge") ? done.merge().mergedBy() : done.merge().undoneBy(),
          done.merge().identities().size(), done.moved().size());
      Router r = router.get();
      if (r != null) {
        r.contactsChanged(List.of(done.merge().into(), done.merge().from())).whenComplete((v, err) -> {
          if (err != null) {
            log.error("The router could not follow the {} of {} into {}", action, done.merge().from(),
                done.merge().into(), err);
          }
        });
      }
      for (Conversation c : done.moved()) {
        if (c.status().isOpen()) {
          events.publish(new GatewayEvent.ConversationUpdated(c));
        }
      }
    }
    return outcome;
  }
}
