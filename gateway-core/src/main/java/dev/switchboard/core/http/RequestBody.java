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

  default String asString(Charset charset) throws IOException {
    return new String(bytes(), charset);
  }
}
