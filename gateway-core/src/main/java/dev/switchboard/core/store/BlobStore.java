package dev.switchboard.core.store;

import dev.switchboard.core.model.AttachmentRef;
import java.io.IOException;
import java.io.InputStream;

/**
 * Attachment content, stored once per SHA-256 and streamed in and out, never held in memory whole.
 * Storing the same bytes twice is a no-op that returns the same address.
 */
public interface BlobStore {

  /**
   * Streams {@code content} in, hashing as it goes; refuses (with {@link BlobTooLargeException}) once
   * more than {@code maxBytes} arrive.
   */
  AttachmentRef put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
      throws IOException;

  /** Opens stored content; throws {@link java.nio.file.NoSuchFileException} when absent. */
  InputStream open(String sha256) throws IOException;

  /** Thrown by {@link #put} when the content is over the limit; nothing is kept. */
  final class BlobTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public BlobTooLargeException(long maxBytes) {
      super("attachment larger than " + maxBytes + " bytes");
    }
  }
}
