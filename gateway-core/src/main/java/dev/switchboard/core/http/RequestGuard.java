package dev.switchboard.core.http;

/**
 * A route's check on the request head (an admin token, say), run by the transport before any of the
 * body is read and before {@code Expect: 100-continue} is answered, so a refused client never uploads
 * its body. Runs on an event loop: it must not block.
 */
@FunctionalInterface
public interface RequestGuard {

  /** Lets every request through. */
  RequestGuard NONE = head -> { };

  /** Returns normally to let the request through; throws {@link HttpException} to refuse it. */
  void check(RequestHead head);
}
