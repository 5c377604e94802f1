package dev.switchboard.sms;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BlobStore} in memory for unit tests of the media fetcher; keeps the contract's size limit. */
final class MemoryBlobStore implements BlobStore {

  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  @Override
  public AttachmentRef put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
      throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
    return new AttachmentRef(hex, filename, contentType, out.size(), inline);
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    byte[] b = blobs.get(sha256);
    if (b == null) {
      throw new NoSuchFileException(sha256);
    }
    return new ByteArrayInputStream(b);
  }

  int size() {
    return blobs.size();
  }
}
