package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The {@link BlobStore}: content up to a size in the database, larger content in {@link FileBlobStore}'s files.
 *
 * <p>A put reads at most the threshold and one byte more into memory. Content that ended by then is hashed
 * and handed back as {@link Blob.Bytes}: the writer inserts it ({@link BlobRows}) in the transaction of the
 * message or upload that names it, so the group commit's one sync a batch makes it durable with its message,
 * where a file costs an inode and two journal commits of its own before the message is even written. Content
 * that goes on streams, what was read first and then the rest, into a file synced before the put returns.
 *
 * <p>{@link #find} looks in the database first (where new small content is), then for a file (large content,
 * and content of any size stored before V19), on the store's reader pool like every other read of the store:
 * never on the caller's thread, which may be a Netty event loop answering a download, and never on a
 * connection of its own outside the pool's bound.
 */
final class TieredBlobStore implements BlobStore {

  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern ADDRESS = Pattern.compile("[0-9a-f]{64}");

  private final FileBlobStore files;
  private final JdbcDeliveries.Reads reads;
  private final int inDatabaseUpTo;

  /** {@code inDatabaseUpTo} bytes or fewer go to the database ({@code 0}: none do); read on {@code reads}. */
  TieredBlobStore(FileBlobStore files, JdbcDeliveries.Reads reads, long inDatabaseUpTo) {
    this.files = requireNonNull(files, "files");
    this.reads = requireNonNull(reads, "reads");
    if (inDatabaseUpTo < 0 || inDatabaseUpTo > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("inDatabaseUpTo: " + inDatabaseUpTo + " (expected: 0 to 2 GB)");
    }
    this.inDatabaseUpTo = (int) inDatabaseUpTo;
  }

  @Override
  public Blob put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
      throws IOException {
    requireNonNull(content, "content");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
    }
    if (inDatabaseUpTo == 0) {
      return new Blob.Stored(files.put(content, filename, contentType, inline, maxBytes));
    }
    int held = (int) Math.min(inDatabaseUpTo, maxBytes);
    byte[] first = content.readNBytes(held + 1);
    if (first.length <= held) {
      String hash = HEX.formatHex(FileBlobStore.sha256().digest(first));
      return new Blob.Bytes(new AttachmentRef(hash, filename, contentType, first.length, inline), first);
    }
    if (first.length > maxBytes) {
      throw new BlobTooLargeException(maxBytes);
    }
    InputStream whole = new SequenceInputStream(new ByteArrayInputStream(first), content);
    return new Blob.Stored(files.put(whole, filename, contentType, inline, maxBytes));
  }

  @Override
  public CompletionStage<Optional<Content>> find(String sha256) {
    requireNonNull(sha256, "sha256");
    if (!ADDRESS.matcher(sha256).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return reads.read(c -> BlobRows.content(c, sha256).<Content>map(Content.Bytes::new)
        .or(() -> files.find(sha256).map(Content.File::new)));
  }
}
