package dev.switchboard.core.cluster;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.store.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Two nodes, gw-a and gw-b, each with its bus and its event relay, on one throw-away PostgreSQL schema, and what
 * each node's bus carried. Skips the test unless {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server.
 */
final class TwoNodeRelays implements AutoCloseable {

  final ClusterSchemaFixture db;
  final Stores stores;
  final EventBus busA = new EventBus();
  final EventBus busB = new EventBus();
  final List<GatewayEvent> onA = new CopyOnWriteArrayList<>();
  final List<GatewayEvent> onB = new CopyOnWriteArrayList<>();
  final ClusterEvents a;
  final ClusterEvents b;

  private TwoNodeRelays(Path dir, Clock clock, MeterRegistry meters) throws SQLException {
    db = ClusterSchemaFixture.create();
    stores = Stores.open(db.storage(dir), clock, meters);
    db.migrate();
    a = ClusterEvents.start(db.source, "gw-a", busA, stores.conversations(), meters);
    b = ClusterEvents.start(db.source, "gw-b", busB, stores.conversations(), meters);
    busA.subscribe(onA::add);
    busB.subscribe(onB::add);
  }

  static TwoNodeRelays open(Path dir, Clock clock, MeterRegistry meters) throws SQLException {
    return new TwoNodeRelays(dir, clock, meters);
  }

  @Override
  public void close() throws SQLException {
    a.close();
    b.close();
    stores.close();
    db.close();
  }
}
