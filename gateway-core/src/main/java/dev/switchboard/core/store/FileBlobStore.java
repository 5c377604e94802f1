package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.AttachmentRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Attachment content as files named by their SHA-256 under a root directory ({@code ab/cd/<sha256>}).
 * Content streams through the digest into a temporary file in the same directory tree, then moves into
 * place atomically: a reader never sees half a file, and a crash leaves only a stray temporary file.
 */
final class FileBlobStore implements BlobStore {

  private static final HexFormat HEX = HexFormat.of();

  private final Path root;
  private final Path incoming;

  FileBlobStore(Path root) throws IOException {
    this.root = requireNonNull(root, "root").toAbsolutePath();
    this.incoming = this.root.resolve("incoming");
    Files.createDirectories(incoming);
  }

  @Override
  public AttachmentRef put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
      throws IOException {
    requireNonNull(content, "content");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
    }
    MessageDigest sha256 = sha256();
    Path temp = Files.createTempFile(incoming, "blob-", ".tmp");
    long size;
    try {
      // The caller's stream stays open: whoever opened it closes it.
      InputStream in = new DigestInputStream(new LimitedInputStream(content, maxBytes), sha256);
      try (OutputStream out = Files.newOutputStream(temp)) {
        size = in.transferTo(out);
      }
      String hash = HEX.formatHex(sha256.digest());
      Path target = path(hash);
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        move(temp, target);
      }
      return new AttachmentRef(hash, filename, contentType, size, inline);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Someone stored the same bytes meanwhile: same name, same content.
    } catch (AtomicMoveNotSupportedException e) {
      try {
        Files.move(temp, target);
      } catch (FileAlreadyExistsException raced) {
        // As above.
      }
    }
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    requireNonNull(sha256, "sha256");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new NoSuchFileException(sha256, null, "not a SHA-256 address");
    }
    return Files.newInputStream(path(sha256));
  }

  Path path(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Fails with {@link BlobTooLargeException} as soon as more than {@code max} bytes have been read. */
  private static final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    LimitedInputStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws BlobTooLargeException {
      count += n;
      if (count > max) {
        throw new BlobTooLargeException(max);
      }
    }
  }
}
