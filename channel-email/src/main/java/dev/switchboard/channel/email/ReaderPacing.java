package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an IMAP reader spaces its work out: the delays before reconnecting, and the least time between two
 * acknowledging commands of a trickle of mail ({@link AckPipeline#GAP} in production). Tests that wait for
 * each mail's flag shorten the gap: it saves the server folder walks, and no test of theirs counts them.
 */
record ReaderPacing(Backoff reconnects, Duration ackGap) {

  ReaderPacing {
    requireNonNull(reconnects, "reconnects");
    requireNonNull(ackGap, "ackGap");
    if (ackGap.isNegative()) {
      throw new IllegalArgumentException("ackGap: " + ackGap + " (expected: >= 0)");
    }
  }

  /** {@code reconnects} and the production gap between acknowledgements. */
  static ReaderPacing of(Backoff reconnects) {
    return new ReaderPacing(reconnects, AckPipeline.GAP);
  }
}
