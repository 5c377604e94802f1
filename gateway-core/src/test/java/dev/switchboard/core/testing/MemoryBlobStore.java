package dev.switchboard.core.testing;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.store.BlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one in-memory {@link BlobStore} of the tests, for unit tests of parsers and fetchers with small
 * attachments; it keeps the contract (SHA-256 address, the same bytes stored once, the size limit with
 * nothing kept). Tests of storage itself use {@code FileBlobStore} on a {@code @TempDir}.
 */
public final class MemoryBlobStore implements BlobStore {

  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  /** Keeps the content at once: small or large, {@link Blob.Stored} (no database here to write it with a message). */
  @Override
  public Blob put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
      throws IOException {
    MessageDigest sha = sha256();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = content.read(buf)) > 0; ) {
      if (out.size() + n > maxBytes) {
        throw new BlobTooLargeException(maxBytes);
      }
      sha.update(buf, 0, n);
      out.write(buf, 0, n);
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    blobs.putIfAbsent(hex, out.toByteArray());
    return new Blob.Stored(new AttachmentRef(hex, filename, contentType, out.size(), inline));
  }

  /** What is kept, as bytes: there is no database nor file here to read. */
  @Override
  public CompletionStage<Optional<Content>> find(String sha256) {
    return CompletableFuture.completedFuture(Optional.ofNullable(blobs.get(sha256)).map(Content.Bytes::new));
  }

  /** The stored bytes at {@code sha256}, for assertions; fails the test when there are none. */
  public byte[] bytes(String sha256) {
    byte[] b = blobs.get(sha256);
    if (b == null) {
      throw new AssertionError("no blob stored at " + sha256);
    }
    return b.clone();
  }

  /** How many distinct contents are stored. */
  public int size() {
    return blobs.size();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
