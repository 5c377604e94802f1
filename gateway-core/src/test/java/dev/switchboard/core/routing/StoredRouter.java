package dev.switchboard.core.routing;

import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The router on a real SQLite store in a test's directory, on a {@link Fixture}'s policy and hand-moved clock,
 * with every decision it made and SMS taken in through the real ingest.
 */
final class StoredRouter implements AutoCloseable {

  final EventBus events = new EventBus();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<RoutingDecision> decisions = new CopyOnWriteArrayList<>();
  final Stores stores;
  private final Fixture f;
  private final StoreIngest ingest;
  private Router router;

  StoredRouter(Path dir, Fixture f) {
    this.f = f;
    this.stores = TestStores.sqlite(dir, f.clock);
    this.ingest = new StoreIngest(stores.conversations(), events);
  }

  /** Starts a router on the fixture's policy as it is now, as the gateway does at start (again after a close). */
  Router start() {
    router = await(Router.start(stores.conversations(), events, f.clock, meters, f.policy(), null));
    router.subscribe(decisions::add);
    return router;
  }

  /** A customer's SMS, taken in at the fixture's time. */
  IngestResult sms(String from, String text) {
    return await(ingest.accept(InboundMessage.builder(Channel.SMS, Identity.phone(from), "SM" + System.nanoTime(),
        "+15550001111|" + from).text(text).receivedAt(f.now()).build()));
  }

  Conversation stored(ConversationId id) {
    return await(stores.conversations().conversation(id)).orElseThrow();
  }

  @Override
  public void close() {
    if (router != null) {
      router.close();
    }
    stores.close();
  }
}
