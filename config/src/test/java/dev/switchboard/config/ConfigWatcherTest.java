package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

  private static final Duration DEBOUNCE = Duration.ofMillis(100);

  @TempDir
  Path dir;

  private Path file;
  private final List<ConfigReload> reloads = new CopyOnWriteArrayList<>();
  private ConfigWatcher watcher;

  @BeforeEach
  void writeInitialConfig() throws IOException {
    file = dir.resolve("gateway.yaml");
    Files.writeString(file, config(8080));
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private static String config(int port) {
    return "server: { port: " + port + " }\n";
  }

  private void startWatching() throws IOException {
    watcher = ConfigWatcher.start(file, Map.of(), DEBOUNCE, reloads::add);
  }

  private static int port(ConfigReload reload) {
    return ((ConfigReload.Loaded) reload).config().server().port();
  }

  @Test
  void validChangeIsReportedAsTheNewConfig() throws IOException {
    startWatching();
    Files.writeString(file, config(9090));
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(reloads).singleElement().isInstanceOf(ConfigReload.Loaded.class);
    assertThat(port(reloads.get(0))).isEqualTo(9090);
  }

  @Test
  void invalidChangeIsRejectedWithItsProblems() throws IOException {
    startWatching();
    Files.writeString(file, "server: { prot: 9090 }\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(reloads.get(0)).isInstanceOfSatisfying(ConfigReload.Rejected.class, r ->
        assertThat(r.error().problems()).extracting(ConfigProblem::message)
            .containsExactly("unknown key, did you mean `port`?"));
  }

  @Test
  void fileReplacedByRenameIsSeen() throws IOException {
    startWatching();
    Path edited = dir.resolve(".gateway.yaml.swp");
    Files.writeString(edited, config(7070));
    Files.move(edited, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(port(reloads.get(0))).isEqualTo(7070);
  }

  @Test
  void burstOfWritesIsOneReloadOfTheLastContent() throws IOException {
    // A long quiet period, so a slow shared machine cannot split the burst.
    watcher = ConfigWatcher.start(file, Map.of(), Duration.ofMillis(600), reloads::add);
    for (int port = 9001; port <= 9005; port++) {
      Files.writeString(file, config(port));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> reloads.size() == 1);
    assertThat(port(reloads.get(0))).isEqualTo(9005);
  }

  @Test
  void rewriteWithTheSameBytesIsNotAChange() throws IOException {
    startWatching();
    Files.writeString(file, config(8080));
    // Long enough for the watcher to see the write: rewriting the same bytes must not reload.
    await().during(DEBOUNCE.multipliedBy(3)).atMost(DEBOUNCE.multipliedBy(6)).until(reloads::isEmpty);
    Files.writeString(file, config(8181));
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(port(reloads.get(0))).isEqualTo(8181);
  }

  @Test
  void otherFilesInTheDirectoryAreIgnored() throws IOException {
    startWatching();
    Files.writeString(dir.resolve("switchboard.db"), "not a config");
    Files.writeString(file, config(8282));
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> reloads.size() == 1);
    assertThat(port(reloads.get(0))).isEqualTo(8282);
  }

  @Test
  void failingListenerDoesNotStopTheWatcher() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    watcher = ConfigWatcher.start(file, Map.of(), DEBOUNCE, reload -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("listener bug");
      }
      reloads.add(reload);
    });
    Files.writeString(file, config(9091));
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
    Files.writeString(file, config(9092));
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(port(reloads.get(0))).isEqualTo(9092);
  }

  @Test
  void noReloadAfterClose() throws IOException {
    startWatching();
    watcher.close();
    Files.writeString(file, config(9393));
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(reloads::isEmpty);
  }
}
