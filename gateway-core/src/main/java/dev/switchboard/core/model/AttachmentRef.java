package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

/** A stored attachment: its content lives once, addressed by its SHA-256 (lower-case hex). */
public record AttachmentRef(String sha256, String filename, String contentType, long size, boolean inline) {

  public AttachmentRef {
    requireNonNull(sha256, "sha256");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256: " + sha256 + " (expected: 64 lower-case hex digits)");
    }
    filename = filename == null || filename.isBlank() ? "attachment" : filename;
    contentType = contentType == null ? "application/octet-stream" : contentType;
    if (size < 0) {
      throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
    }
  }
}
