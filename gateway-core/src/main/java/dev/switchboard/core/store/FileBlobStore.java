package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.AttachmentRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Attachment content as files named by their SHA-256 under a root directory ({@code ab/cd/<sha256>}).
 * Content streams through the digest into a temporary file in the same directory tree, then moves into
 * place atomically: a reader never sees half a file, and a crash leaves only a stray temporary file.
 */
final class FileBlobStore implements BlobStore {

  private static final HexFormat HEX = HexFormat.of();
  private static final Set<OpenOption> NEW_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  /** As {@link Files#createTempFile} made it: readable by the gateway's user alone. */
  private static final FileAttribute<?>[] OWNER_ONLY =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
          : new FileAttribute<?>[0];

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
    TempFile created = newTempFile();
    Path temp = created.path();
    boolean moved = false;
    try {
      long size;
      try (OutputStream out = Channels.newOutputStream(created.channel())) {
        // The caller's stream stays open: whoever opened it closes it.
        InputStream in = new DigestInputStream(new LimitedInputStream(content, maxBytes), sha256);
        size = in.transferTo(out);
      }
      String hash = HEX.formatHex(sha256.digest());
      Path target = path(hash);
      // java.io.File asks without an exception where Files.exists, createDirectories on an existing
      // directory and deleteIfExists on a moved file each throw one inside the JDK (two to four a put).
      if (!target.toFile().exists()) {
        if (!target.getParent().toFile().isDirectory()) {
          Files.createDirectories(target.getParent());
        }
        moved = move(temp, target);
      }
      return new AttachmentRef(hash, filename, contentType, size, inline);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** A new file in {@code incoming}, open for writing. */
  private record TempFile(Path path, SeekableByteChannel channel) {}

  /**
   * Creates and opens the temporary file in one call ({@code O_CREAT|O_EXCL}). {@link Files#createTempFile}
   * followed by {@link Files#newOutputStream} opened the new file a second time with {@code O_TRUNC}, and
   * ext4 ({@code auto_da_alloc}) starts writing out a file truncated so when it is closed.
   */
  private TempFile newTempFile() throws IOException {
    while (true) {
      Path temp = incoming.resolve("blob-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        return new TempFile(temp, Files.newByteChannel(temp, NEW_FILE, OWNER_ONLY));
      } catch (FileAlreadyExistsException e) {
        // Another put's name (or a crash's leftover): draw another.
      }
    }
  }

  /** Whether {@code temp} was moved to {@code target}; false when the same bytes got there first. */
  private static boolean move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // Someone stored the same bytes meanwhile: same name, same content.
    } catch (AtomicMoveNotSupportedException e) {
      try {
        Files.move(temp, target);
        return true;
      } catch (FileAlreadyExistsException raced) {
        return false; // As above.
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
