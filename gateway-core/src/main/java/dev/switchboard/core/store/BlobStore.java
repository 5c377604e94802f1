package dev.switchboard.core.store;

import dev.switchboard.core.model.Blob;
import java.io.IOException;
import java.io.InputStream;

/**
 * Attachment content, stored once per SHA-256. Small content (up to {@code storage.attachmentsInDatabaseUpTo})
 * comes back from {@link #put} as {@link Blob.Bytes}, held in memory until the store writes it in the
 * transaction of the message or upload that names it; larger content streams into a file, synced before
 * {@code put} returns ({@link Blob.Stored}), and is never held in memory whole. Storing the same bytes twice
 * stores them once, under the same address.
 */
public interface BlobStore {

  /**
   * Takes {@code content} in, hashing as it goes; refuses (with {@link BlobTooLargeException}) once more than
   * {@code maxBytes} arrive. The caller's stream is not closed.
   */
  Blob put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
      throws IOException;

  /**
   * Opens stored content, in the database or a file; throws {@link java.nio.file.NoSuchFileException} when
   * absent (a {@link Blob.Bytes} is absent until its message is written). Blocks for the database's read.
   */
  InputStream open(String sha256) throws IOException;

  /** Thrown by {@link #put} when the content is over the limit; nothing is kept. */
  final class BlobTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public BlobTooLargeException(long maxBytes) {
      super("attachment larger than " + maxBytes + " bytes");
    }
  }
}
