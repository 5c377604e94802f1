package dev.switchboard.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a config file and reports each change as a {@link ConfigReload}: the new config, or the
 * problems that keep it from being used. Changes are debounced (an editor's several writes are one
 * change), files replaced by rename are seen (the directory is watched, not the file), and a change
 * that leaves the bytes as they were is not reported. The listener runs on the watcher's own thread.
 */
public final class ConfigWatcher implements AutoCloseable {

  /** How long the file must be quiet before it is read. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path file;
  private final Map<String, String> env;
  private final Duration debounce;
  private final Consumer<ConfigReload> listener;
  private final WatchService watchService;
  private final Thread thread;
  private volatile byte[] lastDigest;
  private volatile boolean closed;

  private ConfigWatcher(Path file, Map<String, String> env, Duration debounce, Consumer<ConfigReload> listener)
      throws IOException {
    this.file = file.toAbsolutePath().normalize();
    this.env = env;
    this.debounce = debounce;
    this.listener = listener;
    this.lastDigest = digest(this.file);
    Path dir = this.file.getParent();
    this.watchService = dir.getFileSystem().newWatchService();
    dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
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
    ConfigWatcher watcher = new ConfigWatcher(file, env, debounce, listener);
    watcher.thread.start();
    return watcher;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        boolean relevant = drain(key);
        // Quiet period: keep absorbing events until none comes for the whole debounce time.
        long deadline = System.nanoTime() + debounce.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
          WatchKey more = watchService.poll(left, TimeUnit.NANOSECONDS);
          if (more != null && drain(more)) {
            relevant = true;
            deadline = System.nanoTime() + debounce.toNanos();
          }
        }
        if (relevant) {
          reloadIfChanged();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      log.debug("Stopped watching {}", file);
    }
  }

  /** Whether the key's events may concern the file; resets the key. */
  private boolean drain(WatchKey key) {
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        relevant = true;
      } else if (event.context() instanceof Path name) {
        String n = name.toString();
        // "..data" and friends: Kubernetes swaps a mounted ConfigMap through symlinked directories.
        relevant |= n.equals(file.getFileName().toString()) || n.startsWith("..");
      }
    }
    key.reset();
    return relevant;
  }

  private void reloadIfChanged() {
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

  /** Stops watching; no listener call starts after this returns. */
  @Override
  public void close() {
    closed = true;
    try {
      watchService.close();
    } catch (IOException e) {
      log.debug("Closing the watch service of {}", file, e);
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
