package dev.switchboard.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a config file and reports each change as a {@link ConfigReload}: the new config, or the
 * problems that keep it from being used. The watcher looks at the file's {@link FileStamp} once every
 * {@link #POLL_INTERVAL} and reads the file only when the stamp moved, so writes to other files in its
 * directory (a store, its WAL, a log) cost nothing. Changes are debounced (an editor's several writes
 * are one change), a file replaced by rename or a Kubernetes ConfigMap's swapped {@code ..data} link is
 * seen (the stamp is the file the path leads to now), and a change that leaves the bytes as they were is
 * not reported. The listener runs on the watcher's own thread.
 */
public final class ConfigWatcher implements AutoCloseable {

  /** How long the file must be quiet before it is read. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(250);

  /** How often the file's stamp is looked at: a change is seen within this plus the debounce. */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path file;
  private final Map<String, String> env;
  private final Duration debounce;
  private final Consumer<ConfigReload> listener;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong looks = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private FileStamp seen;
  private boolean readInItsTick;
  private byte[] lastDigest;
  private volatile boolean closed;

  private ConfigWatcher(Path file, Map<String, String> env, Duration debounce, Consumer<ConfigReload> listener) {
    this.file = file.toAbsolutePath().normalize();
    this.env = env;
    this.debounce = debounce;
    this.listener = listener;
    // The stamp before the bytes: a write between the two moves the stamp, and the next look reads again.
    this.seen = FileStamp.of(this.file);
    this.lastDigest = digest(this.file);
    this.readInItsTick = seen.mayChangeUnseenAfter(Instant.now());
    this.thread = new Thread(this::run, "config-watcher");
    this.thread.setDaemon(true);
  }

  /** Starts watching {@code file} with {@code ${ENV}} from the process environment. */
  public static ConfigWatcher start(Path file, Consumer<ConfigReload> listener) throws IOException {
    return start(file, System.getenv(), DEFAULT_DEBOUNCE, listener);
  }

  /**
   * Starts watching {@code file}. The current content counts as already loaded: only later changes
   * reach {@code listener}.
   */
  public static ConfigWatcher start(Path file, Map<String, String> env, Duration debounce,
      Consumer<ConfigReload> listener) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(env, "env");
    requireNonNull(debounce, "debounce");
    requireNonNull(listener, "listener");
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce: " + debounce + " (expected: >= 0)");
    }
    Path dir = file.toAbsolutePath().normalize().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("cannot watch " + file + ": its directory does not exist");
    }
    ConfigWatcher watcher = new ConfigWatcher(file, env, debounce, listener);
    watcher.thread.start();
    return watcher;
  }

  private void run() {
    while (pause(POLL_INTERVAL)) {
      looks.incrementAndGet();
      FileStamp now = FileStamp.of(file);
      if (now.equals(seen) && !readInItsTick) {
        continue;
      }
      // Quiet period: the stamp must hold still for the whole debounce time.
      FileStamp before = seen;
      while (!now.equals(before)) {
        before = now;
        if (!pause(debounce)) {
          return;
        }
        now = FileStamp.of(file);
      }
      seen = now;
      reloadIfChanged();
      readInItsTick = now.mayChangeUnseenAfter(Instant.now());
    }
    log.debug("Stopped watching {}", file);
  }

  /** Waits {@code time}; false when the watcher was closed meanwhile. */
  private boolean pause(Duration time) {
    try {
      return !stopped.await(time.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      return false;
    }
  }

  private void reloadIfChanged() {
    reads.incrementAndGet();
    byte[] now = digest(file);
    if (Arrays.equals(now, lastDigest)) {
      return;
    }
    ConfigReload reload;
    try {
      reload = new ConfigReload.Loaded(ConfigLoader.load(file, env));
    } catch (ConfigException e) {
      reload = new ConfigReload.Rejected(e);
    }
    lastDigest = now;
    if (closed) {
      return;
    }
    try {
      listener.accept(reload);
    } catch (RuntimeException e) {
      log.error("Config reload listener failed for {}", file, e);
    }
  }

  private static byte[] digest(Path file) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many times the watcher has looked at the file's stamp (for tests: unrelated writes add none). */
  long looks() {
    return looks.get();
  }

  /** How many times the watcher has read the file after the start (for tests). */
  long reads() {
    return reads.get();
  }

  /** Stops watching; no listener call starts after this returns. */
  @Override
  public void close() {
    closed = true;
    stopped.countDown();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
