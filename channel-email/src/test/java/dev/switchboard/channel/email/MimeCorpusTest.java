package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.core.testing.MemoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every message of the shared MIME corpus (real-world and deliberately broken mail) either normalizes or
 * is refused with a reason, within a few seconds. The corpus lives beside the checkout
 * ({@code ../shared/corpus/mime}); surefire passes its parent as {@code switchboard.shared.dir}.
 */
class MimeCorpusTest {

  private static final Duration PER_FILE = Duration.ofSeconds(10);

  @TestFactory
  Stream<DynamicTest> everyCorpusMailNormalizesOrIsRefusedWithAReason() throws IOException {
    String shared = System.getProperty("switchboard.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "mime");
    boolean present = dir != null && Files.isDirectory(dir);
    // CI promises the shared folder beside the checkout: there a missing corpus is a failure, not a skip.
    assertThat(present || !"true".equals(System.getenv("CI")))
        .as("MIME corpus not found at %s although CI=true", dir).isTrue();
    assumeTrue(present,
        "MIME corpus not found at " + dir + ": put the shared folder beside the checkout (../shared/corpus/mime)"
            + " or set -Dswitchboard.shared.dir to run this test");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".msg")).sorted().toList();
    }
    assertThat(files).as("corpus files").isNotEmpty();
    MailLimits limits = new MailLimits(25L * 1024 * 1024, 100, 10);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      Normalization n = assertTimeoutPreemptively(PER_FILE, () -> {
        MemoryBlobStore blobs = new MemoryBlobStore();
        try (InputStream in = Files.newInputStream(file);
             SpooledMail raw = new MailSpool(null).spool(in, limits.maxBytes())) {
          return new MimeNormalizer(limits, blobs).normalize(raw);
        }
      });
      if (n instanceof Normalization.Accepted accepted) {
        NormalizedMail mail = accepted.mail();
        assertThat(mail.messageId()).isNotBlank();
        assertThat(!mail.text().isBlank() || !mail.attachments().isEmpty())
            .as("%s: text or attachments found", file.getFileName()).isTrue();
      } else {
        Normalization.Refused refused = (Normalization.Refused) n;
        assertThat(refused.message()).as("%s: refusal reason", file.getFileName()).isNotBlank();
      }
    }));
  }
}
