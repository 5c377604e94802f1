package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

/**
 * An attachment's content as the blob store took it in, on its way to the message (or upload) that names it:
 * either {@link Bytes}, small content held in memory that the store writes into its database in that
 * message's own transaction, or {@link Stored}, content already durable on its own (a large one's synced file,
 * or content a row names already). The writer inserts the first kind and nothing for the second.
 */
public sealed interface Blob permits Blob.Bytes, Blob.Stored {

  /** The content's address, name, type and size (no id before its message or upload is written). */
  AttachmentRef ref();

  /** Small content for the database, written with the message that names it. */
  record Bytes(AttachmentRef ref, byte[] content) implements Blob {
    public Bytes {
      requireNonNull(ref, "ref");
      requireNonNull(content, "content");
      if (content.length != ref.size()) {
        throw new IllegalArgumentException("content: " + content.length + " bytes (expected: " + ref.size() + ")");
      }
    }
  }

  /** Content stored already: nothing for the message's transaction to write but the reference. */
  record Stored(AttachmentRef ref) implements Blob {
    public Stored {
      requireNonNull(ref, "ref");
    }
  }
}
