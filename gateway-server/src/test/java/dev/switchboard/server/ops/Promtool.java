package dev.switchboard.server.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker, where it is installed. {@code SWITCHBOARD_REQUIRE_PROMTOOL=true} (set by .ci/run,
 * which installs it) turns a missing promtool into a failure instead of a skip.
 */
final class Promtool {

  /** What promtool printed and how it ended. */
  record Run(int exitCode, String output) {}

  private Promtool() {}

  static Path require() {
    Optional<Path> found = find();
    if (found.isEmpty() && "true".equals(System.getenv("SWITCHBOARD_REQUIRE_PROMTOOL"))) {
      throw new IllegalStateException("promtool is not on the PATH; SWITCHBOARD_REQUIRE_PROMTOOL=true forbids skipping");
    }
    assumeTrue(found.isPresent(), "promtool is not installed (Debian: apt-get install prometheus)");
    return found.get();
  }

  private static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static Run run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
