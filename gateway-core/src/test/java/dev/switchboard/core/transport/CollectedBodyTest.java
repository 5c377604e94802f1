package dev.switchboard.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectedBodyTest {

  @TempDir
  Path tempDir;

  @Test
  void aBodyOfOnePieceIsReadWholeAndAChangedCopyLeavesItAlone() throws Exception {
    CollectedBody body = new CollectedBody(tempDir);
    body.append(ascii("From=%2B15551234567&Body=hi"));
    body.finish();

    byte[] first = body.bytes();
    first[0] = 'X';

    assertThat(new String(body.bytes(), StandardCharsets.US_ASCII)).isEqualTo("From=%2B15551234567&Body=hi");
    assertThat(body.open().readAllBytes()).isEqualTo(ascii("From=%2B15551234567&Body=hi"));
    assertThat(body.length()).isEqualTo(27);
  }

  @Test
  void aBodyOfOnePieceIsLentToAReaderAndOfSeveralPiecesReadWhole() throws Exception {
    CollectedBody one = new CollectedBody(tempDir);
    byte[] piece = ascii("From=%2B15551234567&Body=hi");
    one.append(piece);
    one.finish();
    byte[] lent = one.read(b -> b);
    assertThat(lent).isSameAs(piece);

    CollectedBody several = new CollectedBody(tempDir);
    several.append(ascii("one,"));
    several.append(ascii("two"));
    several.finish();
    String read = several.read(b -> new String(b, StandardCharsets.US_ASCII));
    assertThat(read).isEqualTo("one,two");

    CollectedBody large = new CollectedBody(tempDir);
    large.append(new byte[200 * 1024]);
    large.append(new byte[100 * 1024]);
    large.finish();
    int length = large.read(b -> b.length);
    assertThat(length).isEqualTo(300 * 1024);
    large.discard();
  }

  @Test
  void aBodyOfSeveralPiecesIsTheirConcatenation() throws Exception {
    CollectedBody body = new CollectedBody(tempDir);
    body.append(ascii("one,"));
    body.append(ascii("two,"));
    body.append(ascii("three"));
    body.finish();

    assertThat(body.bytes()).isEqualTo(ascii("one,two,three"));
    assertThat(body.open().readAllBytes()).isEqualTo(ascii("one,two,three"));
    assertThat(body.length()).isEqualTo(13);
  }

  @Test
  void aBodyThatOutgrowsMemoryAfterOnePieceMovesToAFileWhole() throws Exception {
    CollectedBody body = new CollectedBody(tempDir);
    byte[] piece = new byte[200 * 1024];
    piece[0] = 1;
    body.append(piece);
    body.append(new byte[100 * 1024]);
    body.finish();

    assertThat(Files.list(tempDir)).hasSize(1);
    assertThat(body.length()).isEqualTo(300 * 1024);
    assertThat(body.bytes()).hasSize(300 * 1024).startsWith(1, 0);
    body.discard();
    assertThat(Files.list(tempDir)).isEmpty();
  }

  @Test
  void anEmptyBodyReadsAsNothing() throws Exception {
    CollectedBody body = new CollectedBody(tempDir);
    body.finish();

    assertThat(body.bytes()).isEmpty();
    assertThat(body.open().readAllBytes()).isEmpty();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
