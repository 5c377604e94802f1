package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Blob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

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

  /**
   * Opens stored content; throws {@link NoSuchFileException} when absent. <b>Blocks</b> the calling thread
   * while {@link #find} looks (a database read on the store's reader pool, a network round trip on
   * PostgreSQL): only for callers that may block, such as an e-mail reply's parts written on the SMTP
   * executor; never on a Netty event loop (use {@link #find}) nor on a store thread (it would wait for its
   * own pool).
   */
  default InputStream open(String sha256) throws IOException {
    Optional<Content> found;
    try {
      found = find(sha256).toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while looking for stored content " + sha256);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io
          : new IOException("cannot look up stored content " + sha256 + ": " + cause.getMessage(), cause);
    }
    return found.orElseThrow(() -> new NoSuchFileException(sha256, null, "no stored content")).open();
  }

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
