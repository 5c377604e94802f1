package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void validFilePrintsOkAndExitsZero() {
    int code = run(Fixtures.path("valid-full.yaml"));
    assertThat(code).isZero();
    assertThat(text(out)).isEqualTo("OK\n");
    assertThat(text(err)).isEmpty();
  }

  @Test
  void invalidFilePrintsOneProblemALineAndExitsTwo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "server:\n  prot: 8080\nrouting:\n  offerTimeout: soon\n");
    int code = run(file);
    assertThat(code).isEqualTo(2);
    assertThat(text(out)).isEmpty();
    assertThat(text(err)).isEqualTo(
        file + ":2:3: server.prot: unknown key, did you mean `port`?\n"
            + file + ":4:17: routing.offerTimeout: expected a duration like 5m, got \"soon\"\n");
  }

  @Test
  void missingFileIsExplainedAndExitsTwo(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    assertThat(run(file)).isEqualTo(2);
    assertThat(text(err)).isEqualTo(file + ": cannot read the configuration: the file does not exist\n");
  }

  @Test
  void directoryIsExplainedAndExitsTwo(@TempDir Path dir) {
    assertThat(run(dir)).isEqualTo(2);
    assertThat(text(err)).isEqualTo(dir + ": cannot read the configuration: it is a directory, not a file\n");
  }

  private int run(Path file) {
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return ConfigCheck.run(file, Fixtures.ENV, o, e);
    }
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
