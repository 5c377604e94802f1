package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Blob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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
   * Looks stored content up without blocking the caller: the stage completes (on the store's reader pool)
   * with the content's bytes when the database holds them, with its file when a file does, and empty when
   * neither does (a {@link Blob.Bytes} is absent until its message is written; an address that is no SHA-256
   * is absent). What it completes with is opened without a database: on a Netty event loop too.
   */
  CompletionStage<Optional<Content>> find(String sha256);

  /** Stored content as {@link #find} found it: read already, or a local file to read. */
  sealed interface Content permits Content.Bytes, Content.File {

    /** A stream of the content (no database read: a file is opened, bytes are wrapped). */
    InputStream open() throws IOException;

    /** Content read whole from the database (small: at most {@code storage.attachmentsInDatabaseUpTo}); not copied. */
    record Bytes(byte[] content) implements Content {
      public Bytes {
        requireNonNull(content, "content");
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(content);
      }
    }

    /** Content in a file of the blob store's directory, there when it was found. */
    record File(Path path) implements Content {
      public File {
        requireNonNull(path, "path");
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(path);
      }
    }
  }

  /** Thrown by {@link #put} when the content is over the limit; nothing is kept. */
  final class BlobTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public BlobTooLargeException(long maxBytes) {
      super("attachment larger than " + maxBytes + " bytes");
    }
  }
}
