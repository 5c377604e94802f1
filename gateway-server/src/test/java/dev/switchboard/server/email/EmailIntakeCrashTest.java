package dev.switchboard.server.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as its own JVM takes a stream of mails at {@code POST /email/inbound}, is killed with
 * SIGKILL in the middle, and restarts: every mail that got a 202 is stored exactly once. Runs after
 * {@code package} (the jar must exist); its surefire execution sets {@code switchboard.jar}.
 */
class EmailIntakeCrashTest {

  private static final String TOKEN = "crash-test-token";
  private static final int MAILS = 300;
  private static final int KILL_AFTER = 120;
  private static final int SENDERS = 4;

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyMailAnsweredWith202IsStoredExactlyOnceAfterAKillAndRestart() throws Exception {
    String jarProperty = System.getProperty("switchboard.jar");
    Path jar = jarProperty == null ? Path.of("target", "switchboard.jar") : Path.of(jarProperty);
    assumeTrue(Files.isRegularFile(jar), "runnable jar not found at " + jar.toAbsolutePath()
        + ": this test runs after package (mvn verify builds the jar)");
    int port = TestMail.freePort();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        server: { port: %d, host: 127.0.0.1 }
        storage: { sqlite: data/crash.db, attachments: data/attachments }
        admin: { tokens: ["%s"] }
        channels:
          email: { address: support@example.com }
        routing:
          tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
          rules: [ { tier: standard } ]
        """.formatted(port, TOKEN));
    Path log = dir.resolve("gateway.log");

    Map<String, String> acked = new ConcurrentHashMap<>(); // Message-ID -> stored message id
    GatewayProcess first = GatewayProcess.start(jar, config, port, log);
    try {
      first.awaitLive(http, Duration.ofSeconds(60));
      AtomicInteger next = new AtomicInteger();
      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      List<Future<?>> running = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        running.add(senders.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < MAILS) {
            String id = "crash-" + i + "@customer.example";
            try {
              HttpResponse<String> r = post(first, TestMail.mail(id, "c" + (i % 17) + "@customer.example",
                  "Mail " + i, "Body of mail " + i));
              if (r.statusCode() == 202) {
                acked.put(id, Json.read(r.body()).get("messageId").asText());
              }
            } catch (Exception e) {
              // killed mid-request: no 202, so nothing is promised for this mail
            }
          }
          return null;
        }));
      }
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
          .until(() -> acked.size() >= KILL_AFTER || running.stream().allMatch(Future::isDone));
      first.kill();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      senders.shutdown();
    } finally {
      first.close();
    }
    assertThat(acked.size()).as("mails answered 202 before the kill").isGreaterThanOrEqualTo(KILL_AFTER);
    assertThat(acked.size()).as("the kill came before the stream ended").isLessThan(MAILS);

    Map<String, String> acknowledged = new HashMap<>(acked);
    try (GatewayProcess second = GatewayProcess.start(jar, config, port, log)) {
      second.awaitLive(http, Duration.ofSeconds(60));
      // The same mails again, as a provider retrying would send them: each is recognized, none stored twice.
      for (Map.Entry<String, String> e : acknowledged.entrySet()) {
        String id = e.getKey();
        int i = Integer.parseInt(id.substring("crash-".length(), id.indexOf('@')));
        HttpResponse<String> r = post(second, TestMail.mail(id, "c" + (i % 17) + "@customer.example", "Mail " + i,
            "Body of mail " + i));
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode body = Json.read(r.body());
        assertThat(body.get("duplicate").asBoolean()).as("%s is already stored", id).isTrue();
        assertThat(body.get("messageId").asText()).as("%s keeps its message", id).isEqualTo(e.getValue());
      }
    }

    Map<String, Integer> counts = storedCounts(dir.resolve("data/crash.db"));
    for (String id : acknowledged.keySet()) {
      assertThat(counts.get(id)).as("copies of %s", id).isEqualTo(1);
    }
    assertThat(counts.values()).allMatch(n -> n == 1);
  }

  private HttpResponse<String> post(GatewayProcess gateway, byte[] mail) throws Exception {
    return http.send(HttpRequest.newBuilder(gateway.uri("/email/inbound"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "message/rfc822")
        .POST(HttpRequest.BodyPublishers.ofByteArray(mail))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** How many stored messages carry each e-mail Message-ID, read straight from the database file. */
  private static Map<String, Integer> storedCounts(Path db) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         PreparedStatement ps = c.prepareStatement(
             "SELECT external_id, COUNT(*) FROM messages WHERE channel = 'EMAIL' GROUP BY external_id");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getInt(2));
      }
    }
    return counts;
  }
}
