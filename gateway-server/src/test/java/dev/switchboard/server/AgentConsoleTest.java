package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AgentConsoleTest {

  @Test
  void everyFileOfTheConsoleIsMounted() throws IOException, URISyntaxException {
    Path dir = Path.of(AgentConsole.class.getClassLoader().getResource("console/index.html").toURI()).getParent();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrderElementsOf(AgentConsole.FILES);
    }
  }
}
