package dev.switchboard.core.http;

/**
 * Checks {@code Authorization: Bearer <admin token>} against the configured admin tokens (live: a
 * config reload takes effect at once). Cheap and non-blocking, so it also serves as a route's
 * {@link RequestGuard}: {@code routes.post(path, auth::require, handler)}.
 */
public interface AdminAuth {

  /** Returns normally for a valid admin token; throws 401 {@code unauthorized} when none, 403 {@code forbidden} when wrong. */
  void require(RequestHead request);
}
