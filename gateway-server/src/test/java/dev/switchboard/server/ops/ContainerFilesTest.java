package dev.switchboard.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.Gateway;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile, docker-compose.yml and the files they mount, read the way Docker, Compose, nginx and the
 * gateway read them (the image itself is built by .ci/run where a Docker daemon runs).
 */
class ContainerFilesTest {

  private static final Path ROOT = Path.of("..");

  @TempDir
  Path dir;

  private static List<String> dockerfile() throws Exception {
    // continuation lines joined, comments dropped: one instruction per entry
    String text = Files.readString(ROOT.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
        out.add(line.strip());
      }
    }
    return out;
  }

  private static JsonNode compose() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(ROOT.resolve("docker-compose.yml")));
  }

  @Test
  void theImageIsBuiltOnTheJdkAndRunsOnTheJreAsAUserWhoIsNotRoot() throws Exception {
    List<String> lines = dockerfile();
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();

    assertThat(from).hasSize(2);
    assertThat(from.get(0)).contains("-jdk").endsWith("AS build");
    assertThat(from.get(1)).contains("-jre");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("COPY --from=build ").contains("switchboard.jar"));
    String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user.substring(5).split(":")[0]).isNotIn("root", "0");
    assertThat(lines.indexOf(user)).as("USER after the last RUN").isGreaterThan(
        lines.lastIndexOf(lines.stream().filter(l -> l.startsWith("RUN ")).reduce((a, b) -> b).orElseThrow()));
  }

  @Test
  void theHealthCheckPassesOnAReadyGatewayAndFailsOnceItStops() throws Exception {
    String check = dockerfile().stream().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
    assertThat(check).contains("/health/ready");
    Matcher m = Pattern.compile("CMD (\\[.*])$").matcher(check);
    assertThat(m.find()).isTrue();
    List<String> command = new ArrayList<>();
    new ObjectMapper().readTree(m.group(1)).forEach(n -> command.add(n.asText()));

    GatewayConfig config = ConfigLoader.parse("""
        server: { port: 0, host: 127.0.0.1 }
        storage: { sqlite: data/health.db, attachments: data/attachments }
        """, "gateway.yaml", dir, Map.of());
    Gateway gateway = Gateway.builder(config).build().start();
    int port = gateway.port();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> run(command, port) == 0);
    } finally {
      gateway.close();
    }
    assertThat(run(command, port)).isNotZero();
  }

  private static int run(List<String> command, int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SWITCHBOARD_PORT", Integer.toString(port));
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Test
  void composeRunsPostgresAndTwoGatewayNodesBehindNginx() throws Exception {
    JsonNode services = compose().path("services");

    assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:");
    assertThat(services.path("postgres").path("healthcheck").path("test").toString()).contains("pg_isready");
    for (String node : List.of("gw-a", "gw-b")) {
      JsonNode gw = services.path(node);
      assertThat(gw.path("build").asText()).isEqualTo(".");
      assertThat(gw.path("environment").path("SWITCHBOARD_NODE_ID").asText()).isEqualTo(node);
      assertThat(gw.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
    }
    JsonNode nginx = services.path("nginx");
    assertThat(nginx.path("image").asText()).startsWith("nginx:");
    assertThat(nginx.path("depends_on").path("gw-a").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(nginx.path("volumes").get(0).asText()).startsWith("./ops/docker/nginx.conf:");
  }

  @Test
  void nginxBalancesEveryGatewayNodeAndPassesTheWebsocketUpgrade() throws Exception {
    String conf = Files.readString(ROOT.resolve("ops/docker/nginx.conf"));

    assertThat(conf).contains("server gw-a:8080", "server gw-b:8080")
        .contains("proxy_set_header Upgrade $http_upgrade;")
        .contains("proxy_set_header Connection $connection_upgrade;")
        .contains("location ~ ^/(chat|agent)/ws$");
  }

  @Test
  void theContainersConfigIsValidForEachNodeWithTheEnvironmentComposeGivesIt() throws Exception {
    String yaml = Files.readString(ROOT.resolve("ops/docker/gateway.yaml"));
    JsonNode services = compose().path("services");
    for (String node : List.of("gw-a", "gw-b")) {
      Map<String, String> env = new HashMap<>();
      services.path(node).path("environment").fields().forEachRemaining(e ->
          env.put(e.getKey(), e.getValue().asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
      env.put("SWITCHBOARD_PORT", "8080");

      GatewayConfig config = ConfigLoader.parse(yaml, "gateway.yaml", dir, env);

      assertThat(config.cluster().enabled()).isTrue();
      assertThat(config.cluster().nodeId()).isEqualTo(node);
      assertThat(config.cluster().advertiseUrl()).isEqualTo(URI.create("http://" + node + ":8080"));
      assertThat(config.storage().postgres().url()).isEqualTo("jdbc:postgresql://postgres:5432/switchboard");
      assertThat(config.server().port()).isEqualTo(8080);
    }
  }
}
