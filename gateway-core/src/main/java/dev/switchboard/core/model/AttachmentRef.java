package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A stored attachment: its content lives once, addressed by its SHA-256 (lower-case hex). {@code id} is
 * the attachment's own id, given when a message or an agent's upload stores it ({@code null} before); the
 * JSON shows {@code {id, filename, contentType, size, url, inline}} and never the content address.
 */
@JsonPropertyOrder({"id", "filename", "contentType", "size", "url", "inline"})
public record AttachmentRef(String id, @JsonIgnore String sha256, String filename, String contentType, long size,
    boolean inline) {

  /** Where an agent or an admin downloads an attachment: {@code /api/attachments/{id}}. */
  public static final String PATH_PREFIX = "/api/attachments/";

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

  /** Content just stored, not yet part of a message or an upload: no id yet. */
  public AttachmentRef(String sha256, String filename, String contentType, long size, boolean inline) {
    this(null, sha256, filename, contentType, size, inline);
  }

  public AttachmentRef withId(String newId) {
    return new AttachmentRef(requireNonNull(newId, "newId"), sha256, filename, contentType, size, inline);
  }

  /** The download path of a stored attachment, relative to the gateway; {@code null} before it has an id. */
  @JsonProperty("url")
  public String url() {
    return id == null ? null : PATH_PREFIX + id;
  }
}
