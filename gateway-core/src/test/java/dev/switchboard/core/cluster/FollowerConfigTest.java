package dev.switchboard.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.testing.TestStores;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.core.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two gateways of one cluster in this JVM: a follower applies a changed config file too. */
class FollowerConfigTest {

  private static final String YAML = """
      server: { port: 0, host: 127.0.0.1 }
      storage: { postgres: { url: "%s", poolSize: 3 }, attachments: %s }
      admin: { tokens: ["%s"] }
      cluster: { enabled: true, nodeId: %s, advertiseUrl: "http://127.0.0.1:1", leaseTimeout: 1s }
      routing:
        tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
      """;

  @TempDir
  Path dir;

  private ClusterSchemaFixture db;
  private Gateway a;
  private Gateway b;

  @BeforeEach
  void schema() throws Exception {
    db = ClusterSchemaFixture.create();
  }

  @AfterEach
  void stop() throws Exception {
    for (Gateway g : new Gateway[] {b, a}) {
      if (g != null) {
        g.close();
      }
    }
    if (db != null) {
      db.close();
    }
  }

  private Path write(String node, String token) throws Exception {
    Path file = dir.resolve(node + ".yaml");
    Files.writeString(file, YAML.formatted(TestStores.schemaUrl(db.url, db.schema), dir.resolve(node),
        token, node));
    return file;
  }

  private Gateway start(Path file) throws Exception {
    return Gateway.builder(ConfigLoader.load(file)).configFile(file).adapters(List.of()).build().start();
  }

  @Test
  void followerAppliesAChangedConfigFileWithoutARouter() throws Exception {
    a = start(write("gw-a", "token-one"));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.router() != null);
    Path bFile = write("gw-b", "token-one");
    b = start(bFile);
    assertThat(b.router()).isNull();

    write("gw-b", "token-two");
    await().atMost(Duration.ofSeconds(10)).until(() -> b.config().get().admin().tokens().get(0).reveal()
        .equals("token-two"));
    assertThat(b.router()).isNull();
  }
}
