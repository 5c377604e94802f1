package dev.switchboard.channel.email;

import jakarta.mail.internet.SharedInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * A mail held in the heap, or a slice of it, as Jakarta Mail's {@link SharedInputStream}: what Jakarta's
 * {@code SharedByteArrayInputStream} is, read for read (the same positions, slices, marks and ends), without
 * its locks. That class is a {@code ByteArrayInputStream}, whose every {@code read}, {@code mark}, {@code reset}
 * and {@code skip} is {@code synchronized}; Jakarta's multipart parser calls four of them for every few bytes
 * it searches for a boundary (it reads a window of the boundary's length, goes back and skips on) and its line
 * reader one for every byte of a header. For the bench's 22 KB mail with a PDF, whose 19 KB of base64 are
 * searched that way, those calls were a third of the mail's normalization (docs/performance.md, "E-mail
 * parse"). A parse is one thread's; what its slices share is the bytes, which nothing writes.
 */
final class SpooledBytes extends InputStream implements SharedInputStream {

  private final byte[] bytes;
  /** Where this slice starts in {@code bytes}: position 0. */
  private final int start;
  /** Where it ends in {@code bytes} (exclusive). */
  private final int end;
  private int pos;
  private int mark;

  /** The whole of {@code bytes}. */
  SpooledBytes(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  /** {@code length} bytes from {@code offset}, as far as {@code bytes} goes (as {@code ByteArrayInputStream}). */
  private SpooledBytes(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.start = offset;
    this.end = Math.min(offset + length, bytes.length);
    this.pos = offset;
    this.mark = offset;
  }

  @Override
  public int read() {
    return pos < end ? bytes[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (pos >= end) {
      return -1;
    }
    int n = Math.min(len, end - pos);
    if (n <= 0) {
      return 0;
    }
    System.arraycopy(bytes, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long k = end - pos;
    if (n < k) {
      k = n < 0 ? 0 : n;
    }
    pos += (int) k;
    return k;
  }

  @Override
  public int available() {
    return end - pos;
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public void mark(int readAheadLimit) {
    mark = pos;
  }

  @Override
  public void reset() {
    pos = mark;
  }

  @Override
  public void close() {
    // Nothing to release: the bytes are the spooled mail's.
  }

  @Override
  public long getPosition() {
    return pos - start;
  }

  @Override
  public InputStream newStream(long from, long to) {
    if (from < 0) {
      throw new IllegalArgumentException("start < 0");
    }
    long until = to == -1 ? end - start : to;
    return new SpooledBytes(bytes, start + (int) from, (int) (until - from));
  }
}
