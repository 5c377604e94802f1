package dev.switchboard.channel.email;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decoded part's content that ends where the sender's encoding breaks (bad base64, a cut-off
 * uuencode) instead of failing: what could be decoded is kept, and {@link #damaged()} says so.
 */
final class TolerantStream extends FilterInputStream {

  private boolean damaged;

  TolerantStream(InputStream in) {
    super(in);
  }

  boolean damaged() {
    return damaged;
  }

  @Override
  public int read() throws IOException {
    if (damaged) {
      return -1;
    }
    try {
      return super.read();
    } catch (IOException | RuntimeException e) {
      damaged = true;
      return -1;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (damaged) {
      return -1;
    }
    try {
      return super.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      damaged = true;
      return -1;
    }
  }

  @Override
  public void close() {
    try {
      super.close();
    } catch (IOException e) {
      // The content was read, or was damaged anyway.
    }
  }
}
