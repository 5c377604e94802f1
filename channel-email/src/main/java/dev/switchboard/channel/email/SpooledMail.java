package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A raw mail copied to a temporary file, so that parsing reads it in slices and never holds it in the
 * heap whole. {@code contentHash} is the SHA-256 of its bytes with carriage returns left out, so the same
 * mail hashes the same whether it arrived with CRLF (IMAP) or LF (a script's upload).
 */
final class SpooledMail implements AutoCloseable {

  private final Path file;
  private final long size;
  private final String contentHash;

  SpooledMail(Path file, long size, String contentHash) {
    this.file = requireNonNull(file, "file");
    this.size = size;
    this.contentHash = requireNonNull(contentHash, "contentHash");
  }

  Path file() {
    return file;
  }

  long size() {
    return size;
  }

  String contentHash() {
    return contentHash;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }
}
