package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.switchboard.core.cluster.TermRoutes;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import dev.switchboard.core.transport.RouteTable;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who answers {@code /health/ready} on a single node, which always leads. */
class NodeHealthTest {

  @TempDir Path dir;
  private Stores stores;

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, MutableClock.startingAt("2026-01-05T10:00:00Z"));
  }

  @AfterEach
  void close() {
    stores.close();
  }

  @Test
  void aSingleNodesRouterIsStartingUntilItsTermServesThenHereThenStartingAgainOnceItEnds() {
    TermRoutes termRoutes = new TermRoutes(new RouteTable(), () -> "not running");
    NodeHealth health = new NodeHealth(stores, null, termRoutes, () -> null);

    assertThat(health.whoAnswers()).containsExactly(
        entry("role", "leader"), entry("router", "starting"));

    TermRoutes.Term term = termRoutes.begin();
    term.activate();
    assertThat(health.whoAnswers()).containsEntry("router", "here");

    term.close();
    assertThat(health.whoAnswers()).containsEntry("router", "starting");
  }
}
