package dev.switchboard.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.Gateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents in a cluster: opened through a follower (forwarded to the leader, whose router holds the queue),
 * a new matching conversation arriving at the follower is linked, and after the leader goes the new leader
 * keeps the linked conversations out of its queue and posts the update to them.
 */
class IncidentClusterTest {

  @TempDir
  Path dir;

  private InProcessCluster cluster;
  private Gateway leader;
  private Gateway follower;

  @BeforeEach
  void start() throws Exception {
    cluster = InProcessCluster.create(dir);
    leader = cluster.start("gw-l");
    follower = cluster.start("gw-a");
    await().atMost(Duration.ofSeconds(10)).until(() -> follower.cluster().leaderAddress().isPresent());
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private InProcessCluster.Answer post(Gateway g, String path, String json) throws Exception {
    return cluster.post(g, path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anIncidentOpenedOnAFollowerHoldsItsConversationsAcrossAChangeOfLeader() throws Exception {
    cluster.mail(follower, "ann@example.org", "Down", "The portal is down (portal-outage).");
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.get(leader, "/api/queue").body().path("total").asInt() == 1);

    InProcessCluster.Answer created = post(follower, "/api/incidents",
        "{\"title\":\"Portal\",\"match\":{\"text\":\"portal-outage\"}}");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    assertThat(created.body().path("matched").asInt()).isEqualTo(1);
    String id = created.body().path("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.get(leader, "/api/queue").body().path("total").asInt() == 0);

    cluster.mail(follower, "ben@example.org", "Also down", "Same here: portal-outage.");
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.get(follower, "/api/incidents/" + id).body()
        .path("channels").path("email").path("waiting").asInt() == 2);
    assertThat(cluster.get(leader, "/api/queue").body().path("total").asInt()).isZero();

    cluster.stop("gw-l");
    await().atMost(Duration.ofSeconds(20)).until(() -> follower.router() != null);
    assertThat(cluster.get(follower, "/api/queue").body().path("total").asInt()).isZero();
    InProcessCluster.Answer update = post(follower, "/api/incidents/" + id + "/updates", "{\"text\":\"Back at noon.\"}");
    assertThat(update.status()).as(String.valueOf(update.body())).isEqualTo(202);
    assertThat(update.body().path("queued").asInt()).isEqualTo(2);
  }
}
