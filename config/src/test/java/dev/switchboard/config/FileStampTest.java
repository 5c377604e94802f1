package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampTest {

  @TempDir
  Path dir;

  private static FileStamp changedAt(Instant changed) {
    FileTime time = FileTime.from(changed);
    return new FileStamp(time, time, 10, "key");
  }

  @Test
  void wholeSecondChangeMayChangeUnseenWithinTheCoarseTick() {
    Instant changed = Instant.parse("2026-12-01T13:00:00Z");
    assertThat(changedAt(changed).mayChangeUnseenAfter(changed.plusMillis(1_999))).isTrue();
    assertThat(changedAt(changed).mayChangeUnseenAfter(changed.plus(FileStamp.COARSE_TICK))).isFalse();
  }

  @Test
  void fineChangeNeverMayChangeUnseen() {
    Instant changed = Instant.parse("2026-12-01T13:00:00.123456789Z");
    assertThat(changedAt(changed).mayChangeUnseenAfter(changed)).isFalse();
  }

  @Test
  void missingFileHasTheMissingStamp() {
    assertThat(FileStamp.of(dir.resolve("gone.yaml"))).isEqualTo(FileStamp.MISSING);
  }

  @Test
  void fileReplacedByRenameHasAnotherStampEvenWithTheSameTimesAndSize() throws IOException {
    Path file = Files.writeString(dir.resolve("gateway.yaml"), "a: 1\n");
    FileStamp before = FileStamp.of(file);
    Path next = Files.writeString(dir.resolve("next.yaml"), "a: 2\n");
    Files.setLastModifiedTime(next, before.modified());
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    FileStamp after = FileStamp.of(file);
    assertThat(after.modified()).isEqualTo(before.modified());
    assertThat(after.size()).isEqualTo(before.size());
    assertThat(after).isNotEqualTo(before);
  }
}
