package dev.switchboard.channel.email;

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

/** A blob store in memory for the normalizer's unit tests: small attachments only. */
final class MemoryBlobs implements BlobStore {

  final Map<String, byte[]> content = new ConcurrentHashMap<>();

  @Override
  public AttachmentRef put(InputStream in, String filename, String contentType, boolean inline, long maxBytes)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > maxBytes) {
        throw new BlobTooLargeException(maxBytes);
      }
      out.write(buf, 0, n);
    }
    byte[] bytes = out.toByteArray();
    String sha = sha256(bytes);
    content.put(sha, bytes);
    return new AttachmentRef(sha, filename, contentType, bytes.length, inline);
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    byte[] bytes = content.get(sha256);
    if (bytes == null) {
      throw new NoSuchFileException(sha256);
    }
    return new ByteArrayInputStream(bytes);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
