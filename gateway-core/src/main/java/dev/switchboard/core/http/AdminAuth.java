package dev.switchboard.core.http;

/**
 * Checks {@code Authorization: Bearer <admin token>} against the configured admin tokens (live: a
 * config reload takes effect at once).
 */
public interface AdminAuth {

  /** Returns normally for a valid admin token; throws 401 {@code unauthorized} when none, 403 {@code forbidden} when wrong. */
  void require(HttpRequest request);
}
