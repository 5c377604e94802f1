package dev.switchboard.core.http;

/**
 * How large a route's request body may be, decided from its head (before any of the body is read, like
 * a {@link RequestGuard}, so it must not block). The transport refuses a larger declared
 * {@code Content-Length} at once and cuts a body off as soon as it grows past the limit, answering 413
 * with {@link #message}; the server-wide {@code server.maxBodySize} still applies when it is lower.
 */
public interface BodyLimit {

  /** The most bytes this request's body may have. */
  long maxBytes(RequestHead head);

  /** The sentence of the 413 answer, naming the limit and where it is set. */
  String message(RequestHead head, long maxBytes);

  /** Called once when the transport refuses a request over this limit (to count it); must not block. */
  default void refused(RequestHead head) {}
}
