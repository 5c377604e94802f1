package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.core.testing.MemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes MIME normalization with any bytes a mail server could hand over. The contract: every mail is
 * either accepted (with a Message-ID and a sender) or refused with a {@link Refusal} and a message; only a
 * failing blob store may throw, and the in-memory one here does not. Any exception (NPE, index out of
 * bounds, OutOfMemoryError, stack overflow) or a hang is a finding.
 *
 * <p>Seeds: {@code MimeFuzzTestInputs/} (small), and when fuzzing the shared MIME corpus, read in place
 * ({@code ../../shared/corpus/mime} from this module, never copied into the project), which
 * {@link MimeCorpusTest} also runs through the normalizer in every {@code verify}.
 */
class MimeFuzzTest {

  private static final MailLimits LIMITS = new MailLimits(1024 * 1024, 100, 10);

  @FuzzTest
  void normalizesOrRefuses(byte[] input) throws IOException {
    Normalization n;
    try (SpooledMail spooled = new MailSpool(null).spool(new ByteArrayInputStream(input), LIMITS.maxBytes())) {
      n = new MimeNormalizer(LIMITS, new MemoryBlobStore()).normalize(spooled);
    }
    assertThat(n).isNotNull();
    if (n instanceof Normalization.Accepted accepted) {
      NormalizedMail mail = accepted.mail();
      assertThat(mail.messageId()).isNotBlank();
      assertThat(mail.sender()).isNotNull();
      assertThat(mail.text()).isNotNull();
    } else {
      assertThat(((Normalization.Refused) n).message()).isNotBlank();
    }
  }
}
