package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

/** An attempt that ended before its provider was called: it has no outcome to record. */
final class NotBegun extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the provider was not called. */
  enum Reason {
    /** The outbox is stopping: nothing new begins. */
    STOPPING("the outbox is stopping"),
    /** The send timeout ran out while the send waited for one of its channel's sender threads. */
    NO_THREAD_IN_TIME("the send timed out before a sender thread took it");

    private final String message;

    Reason(String message) {
      this.message = message;
    }
  }

  private final Reason reason;

  NotBegun(Reason reason) {
    super(requireNonNull(reason, "reason").message, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
