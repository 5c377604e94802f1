package dev.switchboard.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * A request body. Small bodies are held in memory; large ones were streamed to a temporary file that
 * is deleted when the request ends, so a big upload never sits in the heap whole.
 */
public interface RequestBody {

  long length();

  /** A fresh stream over the whole body. */
  InputStream open() throws IOException;

  /** The whole body in memory: only for bodies known to be small (forms, JSON). */
  byte[] bytes() throws IOException;

  /**
   * What {@code reader} makes of the whole body in memory, for a reader that neither keeps nor changes
   * the array: a body held in memory is lent rather than copied as {@link #bytes} does. Only for bodies
   * known to be small.
   */
  default <T> T read(Reader<T> reader) throws IOException {
    return reader.read(bytes());
  }

  /** Reads a body's bytes, which it must not keep or change. */
  @FunctionalInterface
  interface Reader<T> {
    T read(byte[] body);
  }

  default String asString(Charset charset) throws IOException {
    return new String(bytes(), charset);
  }
}
