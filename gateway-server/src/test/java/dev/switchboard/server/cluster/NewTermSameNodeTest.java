package dev.switchboard.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.Gateway;
import dev.switchboard.core.routing.Router;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that loses the lease and takes it again runs a new router and desk for the new term: the queue
 * gauge follows the new router, and the old term's desk and router no longer follow the bus.
 */
class NewTermSameNodeTest {

  @TempDir
  Path dir;

  private InProcessCluster cluster;
  private Gateway node;

  @BeforeEach
  void start() throws Exception {
    cluster = InProcessCluster.create(dir);
    node = cluster.start("gw-a");
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNewTermsRouterOwnsTheQueueGaugeAndTheOldTermLeavesTheBus() throws Exception {
    long firstTerm = node.cluster().leaderTerm().orElseThrow();
    Router first = node.router();
    cluster.mail(node, "ann@example.org", "Refund", "where is my refund?");
    await().atMost(Duration.ofSeconds(10)).until(() -> queueGauge() == 1.0);
    int subscribers = node.events().subscribers();

    // The lease moves on behind the node's back (as a takeover would): it steps down, then takes it again.
    try (Connection c = DriverManager.getConnection(node.config().get().storage().postgres().url());
        Statement s = c.createStatement()) {
      s.execute("BEGIN");
      s.execute("UPDATE cluster_lease SET term = term + 1 WHERE id = 1");
      s.execute("UPDATE cluster_term SET term = term + 1 WHERE id = 1");
      s.execute("COMMIT");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> node.cluster().leaderTerm().orElse(0) > firstTerm + 1
        && node.router() != null && node.router() != first);

    assertThat(queueGauge()).isEqualTo(1.0); // the new router rebuilt the queue from the store
    cluster.mail(node, "bob@example.org", "Invoice", "the invoice is wrong");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queueGauge()).isEqualTo(2.0));
    assertThat(node.meters().find("switchboard.routing.queue.size").gauges()).hasSize(1);
    assertThat(node.events().subscribers()).isEqualTo(subscribers);
  }

  private double queueGauge() {
    Gauge g = node.meters().find("switchboard.routing.queue.size").tag("tier", "standard").gauge();
    return g == null ? -1 : g.value();
  }
}
