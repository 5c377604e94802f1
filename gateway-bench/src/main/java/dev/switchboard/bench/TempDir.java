package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A run's scratch directory (config, SQLite file, gateway log), deleted at the end unless kept. */
public final class TempDir implements AutoCloseable {

  private final Path path;
  private final boolean keep;

  private TempDir(Path path, boolean keep) {
    this.path = path;
    this.keep = keep;
  }

  /** {@code --keep} leaves the directory in place for a look at the gateway's log. */
  public static TempDir create(String scenario, Flags flags) throws IOException {
    return new TempDir(Files.createTempDirectory("switchboard-bench-" + scenario + "-"), flags.bool("keep"));
  }

  public Path path() {
    return path;
  }

  public Path resolve(String name) {
    return path.resolve(name);
  }

  /** A port free on 127.0.0.1 right now (the gateway binds it a moment later). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (keep) {
      Log.info("kept %s", path);
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
