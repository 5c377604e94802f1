package dev.switchboard.core.transport;

import dev.switchboard.core.http.RequestBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A body being received: in memory up to a threshold, then in a temporary file, so large uploads
 * (raw MIME with attachments) never sit in the heap whole. Deleted when the request ends.
 */
final class CollectedBody implements RequestBody {

  private static final int IN_MEMORY_BYTES = 256 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final Path tempDir;
  private ByteArrayOutputStream memory = new ByteArrayOutputStream();
  private Path file;
  private OutputStream fileOut;
  private long length;

  CollectedBody(Path tempDir) {
    this.tempDir = tempDir;
  }

  void append(byte[] chunk) throws IOException {
    length += chunk.length;
    if (file == null && memory.size() + chunk.length > IN_MEMORY_BYTES) {
      file = Files.createTempFile(tempDir, "body-", ".tmp");
      fileOut = Files.newOutputStream(file, StandardOpenOption.WRITE);
      memory.writeTo(fileOut);
      memory = null;
    }
    if (file != null) {
      fileOut.write(chunk);
    } else {
      memory.write(chunk);
    }
  }

  void finish() throws IOException {
    if (fileOut != null) {
      fileOut.close();
      fileOut = null;
    }
  }

  /** Removes the temporary file, if any; safe to call twice. */
  void discard() {
    try {
      if (fileOut != null) {
        fileOut.close();
        fileOut = null;
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A temp file that cannot be removed is left to the OS; nothing else depends on it.
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream open() throws IOException {
    if (file != null) {
      return Files.newInputStream(file);
    }
    return new ByteArrayInputStream(memory == null ? EMPTY : memory.toByteArray());
  }

  @Override
  public byte[] bytes() throws IOException {
    if (file != null) {
      return Files.readAllBytes(file);
    }
    return memory == null ? EMPTY : Arrays.copyOf(memory.toByteArray(), memory.size());
  }
}
