package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MimeStructure} finds the same lines however the mail's bytes arrive: a line end split between two
 * reads (a CR at the end of one, its LF at the start of the next), a line longer than a read, a mail ending
 * without a line end. Each mail is read whole and again in reads of 1 to 9 bytes, at every limit around its
 * true count of parts.
 */
class MimeStructureTest {

  private static final String HEAD = "From: a@example.com\r\nMIME-Version: 1.0\r\n";

  @Test
  void countsThePartsOfAMailWhateverTheLineEndsAndTheReads() throws IOException {
    // 1 + 6 entities: the mail, the mixed's four parts, the alternative's two (one of them ends the mail).
    String mail = HEAD + "Content-Type: multipart/mixed; boundary=B\r\n\r\n"
        + "--B\rContent-Type: text/plain\r\rcr alone\r"
        + "--B\nContent-Type: text/plain\n\nlf alone\n"
        + "--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + "QUJD\r\n".repeat(3000) + "--B\r\nContent-Type: multipart/alternative; boundary=\"C\"\r\n\r\n"
        + "--C\r\nContent-Type: text/plain\r\n\r\nx\r\n--C\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--C--\r\n--B--";
    assertCounted(mail, 7);
  }

  @Test
  void aHeaderLineWhoseCrEndsARead() throws IOException {
    for (int pad = 8085; pad < 8105; pad++) {
      // The CR of the X-Pad line lands on each side of the 8 KB read the scan makes: were its LF taken for an
      // empty line, the header block would end there and the alternative's two parts would not be counted.
      String mail = HEAD + "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nX-Pad: " + "x".repeat(pad)
          + "\r\nContent-Type: multipart/alternative; boundary=C\r\n\r\n--C\r\n\r\na\r\n--C\r\n\r\nb\r\n--C--\r\n--B--\r\n";
      assertCounted(mail, 4);
    }
  }

  @Test
  void aBoundaryLineLongerThanItKeepsIsUnreadable() throws IOException {
    String boundary = "b".repeat(MimeStructure.MAX_LINE);
    String mail = HEAD + "Content-Type: multipart/mixed\r\n\r\n--" + boundary + "\r\n\r\ntext\r\n";
    for (InputStream in : streams(mail, 1)) {
      Optional<Normalization.Refused> refused = MimeStructure.check(in, new MailLimits(1 << 20, 100, 10));
      assertThat(refused).get().extracting(Normalization.Refused::reason).isEqualTo(Refusal.UNREADABLE);
    }
  }

  /** Accepted with a limit of {@code parts}, refused as too many with one fewer, read whole or in pieces. */
  private static void assertCounted(String mail, int parts) throws IOException {
    for (int seed = 0; seed < 5; seed++) {
      for (InputStream in : streams(mail, seed)) {
        assertThat(MimeStructure.check(in, new MailLimits(1 << 20, parts, 10))).as("limit %s", parts).isEmpty();
      }
      for (InputStream in : streams(mail, seed)) {
        assertThat(MimeStructure.check(in, new MailLimits(1 << 20, parts - 1, 10))).as("limit %s", parts - 1)
            .get().extracting(Normalization.Refused::reason).isEqualTo(Refusal.TOO_MANY_PARTS);
      }
    }
  }

  private static InputStream[] streams(String mail, int seed) {
    byte[] bytes = mail.getBytes(StandardCharsets.US_ASCII);
    return new InputStream[] {new SpooledBytes(bytes), new ShortReads(new SpooledBytes(bytes), new Random(seed))};
  }

  /** Hands out 1 to 9 bytes a read, as a socket or a slow file may. */
  private static final class ShortReads extends FilterInputStream {
    private final Random random;

    ShortReads(InputStream in, Random random) {
      super(in);
      this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(9)));
    }
  }
}
