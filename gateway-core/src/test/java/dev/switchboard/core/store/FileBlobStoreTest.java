package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.AttachmentRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

  @TempDir
  Path dir;

  @Test
  void sameBytesAreStoredOnceUnderTheirSha256() throws Exception {
    FileBlobStore blobs = new FileBlobStore(dir);
    byte[] bytes = "invoice".getBytes(StandardCharsets.UTF_8);
    AttachmentRef a = blobs.put(new ByteArrayInputStream(bytes), "a.txt", "text/plain", false, 100);
    AttachmentRef b = blobs.put(new ByteArrayInputStream(bytes), "b.txt", null, true, 100);

    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(a.sha256()).isEqualTo(sha).isEqualTo(b.sha256());
    assertThat(a.size()).isEqualTo(bytes.length);
    assertThat(b.filename()).isEqualTo("b.txt");
    assertThat(b.contentType()).isEqualTo("application/octet-stream");
    assertThat(blobs.path(sha)).isEqualTo(dir.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha));
    assertThat(regularFiles()).containsExactly(blobs.path(sha));
    assertThat(blobs.find(sha).orElseThrow()).hasBinaryContent(bytes);
  }

  @Test
  void contentOverTheLimitIsRefusedAndNothingIsKept() throws Exception {
    FileBlobStore blobs = new FileBlobStore(dir);
    blobs.put(new ByteArrayInputStream(new byte[10]), "ok", null, false, 10);

    assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(new byte[11]), "big", null, false, 10))
        .isInstanceOf(BlobStore.BlobTooLargeException.class)
        .hasMessageContaining("10 bytes");
    assertThat(regularFiles()).hasSize(1);
  }

  @Test
  void largeContentIsStreamedNotBuffered() throws Exception {
    FileBlobStore blobs = new FileBlobStore(dir);
    long size = 64L * 1024 * 1024;
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    AttachmentRef ref = blobs.put(new PatternStream(size, expected), "big.bin", null, false, size);

    assertThat(ref.size()).isEqualTo(size);
    assertThat(ref.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    assertThat(Files.size(blobs.path(ref.sha256()))).isEqualTo(size);
    // A stream that never ends is cut off at the limit rather than filling the disk or the heap.
    assertThatThrownBy(() -> blobs.put(new PatternStream(Long.MAX_VALUE, null), "endless", null, false, size))
        .isInstanceOf(BlobStore.BlobTooLargeException.class);
    assertThat(regularFiles()).hasSize(1);
  }

  @Test
  void blobsAreTheGatewayUsersAloneAndShareTheirDirectories() throws Exception {
    FileBlobStore blobs = new FileBlobStore(dir);
    AttachmentRef first = blobs.put(new ByteArrayInputStream(new byte[] {1}), "a", null, false, 10);
    // Two contents whose addresses share the ab/cd directories: the second finds them made.
    byte[] sibling = null;
    for (int i = 0; sibling == null; i++) {
      byte[] candidate = ("sibling " + i).getBytes(StandardCharsets.UTF_8);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(candidate));
      if (sha.startsWith(first.sha256().substring(0, 2))) {
        sibling = candidate;
      }
    }
    AttachmentRef second = blobs.put(new ByteArrayInputStream(sibling), "b", null, false, 100);

    assertThat(regularFiles()).containsExactlyInAnyOrder(blobs.path(first.sha256()), blobs.path(second.sha256()));
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blobs.path(second.sha256()))))
          .isEqualTo("rw-------");
    }
    assertThat(blobs.find(second.sha256()).orElseThrow()).hasBinaryContent(sibling);
  }

  @Test
  void unknownAddressIsNoFile() throws Exception {
    FileBlobStore blobs = new FileBlobStore(dir);
    assertThat(blobs.find("0".repeat(64))).isEmpty();
  }

  private java.util.List<Path> regularFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** Generates bytes on the fly (feeding a digest when given), so no test holds them in memory. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private long position;

    PatternStream(long size, MessageDigest digest) {
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((position + i) * 31 >>> 3);
      }
      if (digest != null) {
        digest.update(b, off, n);
      }
      position += n;
      return n;
    }
  }
}
