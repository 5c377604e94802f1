package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.SharedInputStream;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link SpooledBytes} reads as Jakarta's {@link SharedByteArrayInputStream} does: the same answer to every
 * call in any order, and so the same MIME parts for every mail, the shared corpus's and the tricky ones below.
 */
class SpooledBytesTest {

  private static final Session SESSION = Session.getInstance(new Properties());
  private static final Duration PER_MAIL = Duration.ofSeconds(10);

  @Test
  void answersEveryCallAsJakartasStreamDoes() throws IOException {
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      InputStream ours = new SpooledBytes(bytes);
      InputStream theirs = new SharedByteArrayInputStream(bytes);
      for (int step = 0; step < 200; step++) {
        int op = random.nextInt(9);
        String what = "seed " + seed + ", step " + step + ", op " + op;
        switch (op) {
          case 0 -> assertThat(ours.read()).as(what).isEqualTo(theirs.read());
          case 1 -> {
            int off = random.nextInt(4);
            int len = random.nextInt(40);
            byte[] a = new byte[off + len + random.nextInt(3)];
            byte[] b = a.clone();
            assertThat(ours.read(a, off, len)).as(what).isEqualTo(theirs.read(b, off, len));
            assertThat(a).as(what).isEqualTo(b);
          }
          case 2 -> {
            long n = random.nextInt(60) - 10;
            assertThat(ours.skip(n)).as(what).isEqualTo(theirs.skip(n));
          }
          case 3 -> {
            int limit = random.nextInt(100);
            ours.mark(limit);
            theirs.mark(limit);
          }
          case 4 -> {
            ours.reset();
            theirs.reset();
          }
          case 5 -> assertThat(ours.available()).as(what).isEqualTo(theirs.available());
          case 6 -> assertThat(((SharedInputStream) ours).getPosition()).as(what)
              .isEqualTo(((SharedInputStream) theirs).getPosition());
          case 7 -> {
            // A slice, as a multipart takes its parts: from a position to another, or to the end (-1).
            long size = theirs.available() + ((SharedInputStream) theirs).getPosition();
            long from = size == 0 ? 0 : random.nextInt((int) size + 1);
            long to = random.nextBoolean() ? -1 : from + random.nextInt((int) (size - from) + 1);
            ours = ((SharedInputStream) ours).newStream(from, to);
            theirs = ((SharedInputStream) theirs).newStream(from, to);
          }
          default -> {
            int n = random.nextInt(30);
            assertThat(ours.readNBytes(n)).as(what).isEqualTo(theirs.readNBytes(n));
          }
        }
      }
      assertThat(ours.readAllBytes()).isEqualTo(theirs.readAllBytes());
    }
  }

  @Test
  void refusesASliceFromBeforeItsStartAsJakartaDoes() {
    SpooledBytes ours = new SpooledBytes(new byte[10]);
    assertThatThrownBy(() -> ours.newStream(-1, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @TestFactory
  Stream<DynamicTest> everyMailHasTheSamePartsOverEitherStream() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    tricky().forEach((name, mail) -> tests.add(DynamicTest.dynamicTest(name, () -> sameParts(name, mail))));
    String shared = System.getProperty("switchboard.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "mime");
    if (dir != null && Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".msg")).sorted().toList()) {
          byte[] mail = Files.readAllBytes(file);
          tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> sameParts(file.toString(), mail)));
        }
      }
    }
    return tests.stream();
  }

  private static void sameParts(String name, byte[] mail) {
    List<String> theirs = assertTimeoutPreemptively(PER_MAIL, () -> parts(new SharedByteArrayInputStream(mail)));
    List<String> ours = assertTimeoutPreemptively(PER_MAIL, () -> parts(new SpooledBytes(mail)));
    assertThat(ours).as(name).isEqualTo(theirs);
  }

  /** What the walk found, written out: each body, and each attachment's name, type, flags and decoded bytes. */
  private static List<String> parts(InputStream in) throws MessagingException, IOException {
    MimeMessage message = new MimeMessage(SESSION, in);
    List<String> out = new ArrayList<>();
    MailParts parts;
    try {
      parts = new PartWalker(new MailLimits(25L << 20, 100, 10)).walk(message);
    } catch (PartWalker.LimitException e) {
      return List.of("refused: " + e.getMessage());
    }
    parts.texts.forEach(t -> out.add("text: " + t));
    parts.htmls.forEach(h -> out.add("html: " + h));
    for (MailParts.Attachment a : parts.attachments) {
      byte[] content;
      try (InputStream decoded = new TolerantStream(a.part().getInputStream())) {
        content = decoded.readAllBytes();
      } catch (MessagingException | IOException | RuntimeException e) {
        content = ("unreadable: " + e).getBytes(StandardCharsets.UTF_8);
      }
      out.add("attachment: " + a.filename() + " " + a.contentType() + " " + a.inline() + " "
          + HexFormat.of().formatHex(content));
    }
    return out;
  }

  /** Mails whose boundaries sit where the multipart parser's search has its edge cases. */
  private static Map<String, byte[]> tricky() {
    Map<String, byte[]> mails = new LinkedHashMap<>();
    String head = "From: a@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\n";
    StringBuilder base64 = new StringBuilder();
    Random random = new Random(7);
    byte[] pdf = new byte[14_000];
    random.nextBytes(pdf);
    base64.append(Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pdf));
    mails.put("a PDF beside the text and HTML", (head + "Content-Type: multipart/mixed; boundary=\"m1_x_1\"\r\n\r\n"
        + "--m1_x_1\r\nContent-Type: multipart/alternative; boundary=\"b1_x_1\"\r\n\r\n"
        + "--b1_x_1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhello\r\n"
        + "--b1_x_1\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>hello</p>\r\n--b1_x_1--\r\n"
        + "--m1_x_1\r\nContent-Type: application/pdf; name=\"r.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64 + "\r\n--m1_x_1--\r\n").getBytes(StandardCharsets.US_ASCII));
    mails.put("line ends of CR alone, of CR CR LF, and LF alone", (head + "Content-Type: multipart/mixed; boundary=b\r"
        + "\r--b\r\r\nContent-Type: text/plain\r\n\rone\r--b\nContent-Type: text/plain\n\ntwo\r\r\n--b--\r").getBytes(
        StandardCharsets.US_ASCII));
    mails.put("a boundary right at a body's start, blanks after a boundary, text after the last",
        (head + "Content-Type: multipart/mixed; boundary=b\r\n\r\npreamble\r\n--b \t\r\n\r\n--b\r\n"
            + "Content-Type: text/plain\r\n\r\n--bx not one\r\nx--b not one either\r\n--b--trailing\r\nepilogue")
            .getBytes(StandardCharsets.US_ASCII));
    mails.put("no end boundary, and a boundary cut by the end", (head
        + "Content-Type: multipart/mixed; boundary=boundary\r\n\r\n--boundary\r\nContent-Type: text/plain\r\n\r\n"
        + "text\r\n--bound").getBytes(StandardCharsets.US_ASCII));
    mails.put("no boundary parameter: the first -- line", (head
        + "Content-Type: multipart/mixed\r\n\r\n-----\r\n--guess\r\nContent-Type: text/plain\r\n\r\nt\r\n--guess--\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    mails.put("an attached message with a multipart of its own", (head
        + "Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
        + "--o\r\nContent-Type: message/rfc822\r\n\r\nFrom: b@example.com\r\nSubject: inner\r\n"
        + "Content-Type: multipart/alternative; boundary=i\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\ninner text\r\n"
        + "--i--\r\n--o--\r\n").getBytes(StandardCharsets.US_ASCII));
    mails.put("many parts", GeneratedMail.manyParts(50));
    mails.put("deep nesting", GeneratedMail.nested(8));
    return mails;
  }
}
