package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A raw mail kept for parsing: in the heap when it is small (most mail is a few KB, and a temporary file
 * per mail costs more than parsing it), else in a temporary file read in slices, so a large mail is never
 * held whole. {@code contentHash} is the SHA-256 of its bytes with carriage returns left out, so the same
 * mail hashes the same whether it arrived with CRLF (IMAP) or LF (a script's upload).
 */
final class SpooledMail implements AutoCloseable {

  private final byte[] bytes;
  private final Path file;
  private final long size;
  private final String contentHash;

  private SpooledMail(byte[] bytes, Path file, long size, String contentHash) {
    this.bytes = bytes;
    this.file = file;
    this.size = size;
    this.contentHash = requireNonNull(contentHash, "contentHash");
  }

  static SpooledMail inMemory(byte[] bytes, String contentHash) {
    return new SpooledMail(requireNonNull(bytes, "bytes"), null, bytes.length, contentHash);
  }

  static SpooledMail onDisk(Path file, long size, String contentHash) {
    return new SpooledMail(null, requireNonNull(file, "file"), size, contentHash);
  }

  /**
   * A new stream over the whole mail; a Jakarta Mail {@code SharedInputStream}, so parts are read as slices
   * (of the heap's bytes without locks, {@link SpooledBytes}; of the file as Jakarta reads one).
   */
  InputStream open() throws IOException {
    return bytes != null ? new SpooledBytes(bytes) : new SharedFileInputStream(file.toFile());
  }

  long size() {
    return size;
  }

  String contentHash() {
    return contentHash;
  }

  @Override
  public void close() {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }
}
