package dev.switchboard.core.attachments;

import dev.switchboard.core.Gateway;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class SqliteDownloadsTest implements DownloadsContract {

  @TempDir static Path dir;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = DownloadsContract.start(dir, "{ sqlite: %s, attachments: %s }"
        .formatted(dir.resolve("switchboard.db"), dir.resolve("attachments")));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Override
  public Gateway gateway() {
    return gateway;
  }

  @Override
  public Path attachmentFiles() {
    return dir.resolve("attachments");
  }
}
