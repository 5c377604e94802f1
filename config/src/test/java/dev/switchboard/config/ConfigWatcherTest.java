package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
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
    // The watcher reads the rewritten file (its stamp moved) and finds the same bytes: no reload.
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.reads() > 0);
    assertThat(reloads).isEmpty();
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
  void writesToOtherFilesInTheDirectoryNeitherWakeTheWatcherNorReadTheConfig() throws IOException {
    startWatching();
    // What the bench and a deployment with gateway.yaml beside its store and log do: thousands of writes.
    Path wal = dir.resolve("switchboard.db-wal");
    Path logFile = dir.resolve("gateway.log");
    long looksBefore = watcher.looks();
    long readsBefore = watcher.reads();
    long started = System.nanoTime();
    for (int i = 0; i < 3_000; i++) {
      Files.writeString(i % 2 == 0 ? wal : logFile, "page " + i + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      if (i % 100 == 0) {
        Path journal = dir.resolve("switchboard.db-journal");
        Files.writeString(journal, "journal " + i);
        Files.delete(journal);
      }
    }
    Duration spent = Duration.ofNanos(System.nanoTime() - started);
    long looks = watcher.looks() - looksBefore;
    // The watcher looks at the file on its own schedule: at most once per interval, however many writes.
    assertThat(looks).isLessThanOrEqualTo(spent.toMillis() / ConfigWatcher.POLL_INTERVAL.toMillis() + 2);
    assertThat(watcher.reads() - readsBefore).isZero();

    Files.writeString(file, config(8383));
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(port(reloads.get(0))).isEqualTo(8383);
  }

  @Test
  void rewriteThatKeepsTheModifiedTimeIsSeen() throws IOException {
    startWatching();
    FileTime modified = Files.getLastModifiedTime(file);
    Files.writeString(file, config(8086)); // the same size
    Files.setLastModifiedTime(file, modified); // as `cp -p` or `touch -r` leave it
    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(port(reloads.get(0))).isEqualTo(8086);
  }

  @Test
  void kubernetesConfigMapSwapOfItsDataDirectoryIsSeen() throws IOException {
    // A mounted ConfigMap: gateway.yaml -> ..data/gateway.yaml, ..data -> ..<timestamp>, swapped by rename.
    Path mount = dir.resolve("configmap");
    Path first = Files.createDirectories(mount.resolve("..2026_12_01_13_00_00.1"));
    Files.writeString(first.resolve("gateway.yaml"), config(8080));
    Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
    Path linked = Files.createSymbolicLink(mount.resolve("gateway.yaml"), Path.of("..data", "gateway.yaml"));
    watcher = ConfigWatcher.start(linked, Map.of(), DEBOUNCE, reloads::add);

    Path second = Files.createDirectories(mount.resolve("..2026_12_01_13_05_00.2"));
    Files.writeString(second.resolve("gateway.yaml"), config(9494));
    Path newData = Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
    Files.move(newData, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

    await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
    assertThat(port(reloads.get(0))).isEqualTo(9494);
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
