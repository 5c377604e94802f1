package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.AttachmentRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Attachment content as files named by their SHA-256 under a root directory ({@code ab/cd/<sha256>}): the
 * large ones (and every one stored before V19), behind {@link TieredBlobStore}.
 * Content streams through the digest into a temporary file in the same directory tree, then moves into
 * place atomically: a reader never sees half a file, and a crash leaves only a stray temporary file.
 *
 * <p>Durable before {@link #put} returns, as the message that names the blob is once its commit returns
 * (SQLite's {@code synchronous=FULL}): the file's data is synced before the move, and the directory that
 * holds its name after it (with the directories made for it), so a power loss or an OS crash after the
 * message was acknowledged cannot leave it naming content that never reached the disk. A process crash
 * alone loses nothing either way (the page cache survives it).
 */
final class FileBlobStore {

  private static final HexFormat HEX = HexFormat.of();
  private static final Set<OpenOption> NEW_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  /** As {@link Files#createTempFile} made it: readable by the gateway's user alone. */
  private static final FileAttribute<?>[] OWNER_ONLY =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
          : new FileAttribute<?>[0];

  /** Whether a directory can be opened to sync it (not on Windows). */
  private static final boolean DIRECTORIES_OPEN = !System.getProperty("os.name", "").startsWith("Windows");

  private final Path root;
  private final Path incoming;

  FileBlobStore(Path root) throws IOException {
    this.root = requireNonNull(root, "root").toAbsolutePath();
    this.incoming = this.root.resolve("incoming");
    Files.createDirectories(incoming);
  }

  /** Streams {@code content} into a file (synced) unless its SHA-256 has one; see {@link BlobStore#put}. */
  AttachmentRef put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
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
      try (FileChannel file = created.channel()) {
        // The caller's stream stays open: whoever opened it closes it.
        InputStream in = new DigestInputStream(new LimitedInputStream(content, maxBytes), sha256);
        size = in.transferTo(Channels.newOutputStream(file));
        file.force(false);
      }
      String hash = HEX.formatHex(sha256.digest());
      Path target = path(hash);
      // java.io.File asks without an exception where Files.exists, createDirectories on an existing
      // directory and deleteIfExists on a moved file each throw one inside the JDK (two to four a put).
      if (!target.toFile().exists()) {
        if (!target.getParent().toFile().isDirectory()) {
          makeDirectories(target.getParent());
        }
        moved = move(temp, target);
      }
      // Also when the same bytes were there already: the put that moved them may not have synced their name yet.
      syncDirectory(target.getParent());
      return new AttachmentRef(hash, filename, contentType, size, inline);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** A new file in {@code incoming}, open for writing. */
  private record TempFile(Path path, FileChannel channel) {}

  /** Makes {@code dir} and any missing parents under the root, each name synced into its parent. */
  private void makeDirectories(Path dir) throws IOException {
    Path parent = dir.getParent();
    if (!parent.equals(root) && !parent.toFile().isDirectory()) {
      makeDirectories(parent);
    }
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // Another put made it just now; its name is synced below all the same, whichever put gets there first.
    }
    syncDirectory(parent);
  }

  /**
   * Syncs {@code dir}'s entries (the names it holds) to the disk: a file's own sync does not cover the name a
   * rename gave it. POSIX systems sync a directory opened for reading; Windows cannot open one so (NTFS
   * journals its names itself), so there it does nothing.
   */
  private static void syncDirectory(Path dir) throws IOException {
    if (!DIRECTORIES_OPEN) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Creates and opens the temporary file in one call ({@code O_CREAT|O_EXCL}). {@link Files#createTempFile}
   * followed by {@link Files#newOutputStream} opened the new file a second time with {@code O_TRUNC}, and
   * ext4 ({@code auto_da_alloc}) starts writing out a file truncated so when it is closed.
   */
  private TempFile newTempFile() throws IOException {
    while (true) {
      Path temp = incoming.resolve("blob-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        return new TempFile(temp, FileChannel.open(temp, NEW_FILE, OWNER_ONLY));
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

  /** The file of {@code sha256} (an address checked by the caller), if there is one. */
  Optional<Path> find(String sha256) {
    Path file = path(sha256);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  Path path(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  static MessageDigest sha256() {
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

    private void count(long n) throws BlobStore.BlobTooLargeException {
      count += n;
      if (count > max) {
        throw new BlobStore.BlobTooLargeException(max);
      }
    }
  }
}
