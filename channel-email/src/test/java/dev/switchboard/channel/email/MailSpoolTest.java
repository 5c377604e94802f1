package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailSpoolTest {

  @TempDir
  Path dir;

  @Test
  void smallMailStaysInTheHeapAndLargeMailGoesToAFileDeletedOnClose() throws IOException {
    MailSpool spool = new MailSpool(dir);
    byte[] small = mail(100);
    byte[] large = mail(MailSpool.IN_MEMORY + 10_000);
    try (SpooledMail s = spool.spool(new ByteArrayInputStream(small), 1L << 30)) {
      assertThat(files()).isZero();
      assertThat(read(s)).isEqualTo(small);
    }
    try (SpooledMail l = spool.spool(new ByteArrayInputStream(large), 1L << 30)) {
      assertThat(files()).isOne();
      assertThat(l.size()).isEqualTo(large.length);
      assertThat(read(l)).isEqualTo(large);
    }
    assertThat(files()).isZero();
  }

  @Test
  void theSameBytesHashTheSameInTheHeapAndOnDisk() throws IOException {
    MailSpool spool = new MailSpool(dir);
    byte[] large = mail(MailSpool.IN_MEMORY + 10_000);
    String onDisk;
    try (SpooledMail l = spool.spool(new ByteArrayInputStream(large), 1L << 30)) {
      onDisk = l.contentHash();
    }
    try (SpooledMail l = spool.spool(new ByteArrayInputStream(large), 1L << 30)) {
      assertThat(l.contentHash()).isEqualTo(onDisk);
    }
    byte[] lfOnly = new String(mail(100), StandardCharsets.ISO_8859_1).replace("\r\n", "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    try (SpooledMail crlf = spool.spool(new ByteArrayInputStream(mail(100)), 1L << 30);
        SpooledMail lf = spool.spool(new ByteArrayInputStream(lfOnly), 1L << 30)) {
      assertThat(crlf.contentHash()).isEqualTo(lf.contentHash());
    }
  }

  @Test
  void howTheBytesArriveInPiecesDoesNotChangeTheSpooledMailOrItsHash() throws IOException {
    MailSpool spool = new MailSpool(dir);
    // A header block ended by a line of only blanks (spooled as an empty line), then a body with CRs.
    byte[] mail = ("From: a@example.com\r\nSubject: pieces\r\n  \t\r\nbody line one\r\n\r\n  indented\r\n"
        + "x".repeat(20_000) + "\r\nend\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] whole;
    String hash;
    try (SpooledMail m = spool.spool(new ByteArrayInputStream(mail), 1L << 30)) {
      whole = read(m);
      hash = m.contentHash();
    }
    assertThat(new String(whole, StandardCharsets.ISO_8859_1))
        .startsWith("From: a@example.com\r\nSubject: pieces\r\n\r\nbody line one\r\n\r\n  indented\r\n");
    for (int piece : new int[] {1, 2, 3, 7, 13, 64, 4096}) {
      try (SpooledMail m = spool.spool(inPieces(mail, piece), 1L << 30)) {
        assertThat(read(m)).as("read %d bytes at a time", piece).isEqualTo(whole);
        assertThat(m.contentHash()).as("read %d bytes at a time", piece).isEqualTo(hash);
      }
    }
  }

  /** {@code bytes}, at most {@code piece} of them per read. */
  private static InputStream inPieces(byte[] bytes, int piece) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, piece));
      }
    };
  }

  @Test
  void mailPastTheLimitIsRefusedAndLeavesNoFile() {
    MailSpool spool = new MailSpool(dir);
    assertThatThrownBy(() -> spool.spool(new ByteArrayInputStream(mail(MailSpool.IN_MEMORY * 2)), MailSpool.IN_MEMORY + 1))
        .isInstanceOf(MailSpool.TooLargeException.class);
    assertThat(files()).isZero();
  }

  private long files() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] read(SpooledMail m) throws IOException {
    try (InputStream in = m.open()) {
      return in.readAllBytes();
    }
  }

  private static byte[] mail(int bodyBytes) {
    StringBuilder sb = new StringBuilder("From: a@example.com\r\nSubject: x\r\n\r\n");
    while (sb.length() < bodyBytes) {
      sb.append("line of body text\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
