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

/**
 * A body being received: in memory up to a threshold, then in a temporary file, so large uploads
 * (raw MIME with attachments) never sit in the heap whole. Deleted when the request ends.
 */
final class CollectedBody implements RequestBody {

  private static final int IN_MEMORY_BYTES = 256 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final Path tempDir;
  /**
   * A body that arrived as one piece, nearly every small one (a form, a JSON message): kept as it came,
   * with no stream to copy it into and out of again.
   */
  private byte[] single;
  /** A body of several pieces, until it outgrows memory. */
  private ByteArrayOutputStream memory;
  private Path file;
  private OutputStream fileOut;
  private long length;

  CollectedBody(Path tempDir) {
    this.tempDir = tempDir;
  }

  /** Appends a piece of the body; the array is the body's from now on, and is not changed by the caller. */
  void append(byte[] chunk) throws IOException {
    if (file == null && length == 0 && chunk.length <= IN_MEMORY_BYTES) {
      single = chunk;
      length = chunk.length;
      return;
    }
    if (single != null) {
      memory = new ByteArrayOutputStream(single.length + chunk.length);
      memory.write(single);
      single = null;
    } else if (memory == null && file == null) {
      memory = new ByteArrayOutputStream();
    }
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
    return new ByteArrayInputStream(inMemory());
  }

  @Override
  public byte[] bytes() throws IOException {
    if (file != null) {
      return Files.readAllBytes(file);
    }
    // A copy: the caller may change its array, and the body may be read again.
    return single != null ? single.clone() : memory != null ? memory.toByteArray() : EMPTY;
  }

  /** A body of one piece, nearly every form, is lent to the reader as it came: no copy per request. */
  @Override
  public <T> T read(Reader<T> reader) throws IOException {
    return file == null && single != null ? reader.read(single) : reader.read(bytes());
  }

  /** The body held in memory, not to be changed: shared with the streams over it. */
  private byte[] inMemory() {
    return single != null ? single : memory != null ? memory.toByteArray() : EMPTY;
  }
}
