package dev.switchboard.bench.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.bench.net.HttpLoad;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;

/**
 * Posts of raw mail to one server in a closed loop, run after run (warm-up slices, then the measured run),
 * numbered on from run to run so that every run's mails have new Message-IDs and none is a duplicate.
 */
final class PostRuns {

  private final EventLoopGroup group;
  private final int port;
  private final int connections;
  private final InboundMails mails;
  private long next;
  private long completed;

  PostRuns(EventLoopGroup group, int port, int connections, InboundMails mails) {
    this.group = requireNonNull(group, "group");
    this.port = port;
    this.connections = connections;
    this.mails = requireNonNull(mails, "mails");
  }

  /** One closed-loop run of {@code span}. */
  HttpLoad.Outcome run(Duration span) throws InterruptedException {
    HttpLoad.Outcome o = HttpLoad.run(group, port, connections, Long.MAX_VALUE, span, mails.from(next));
    // A connection may have issued one more request than completed or failed when the run ended.
    next += o.completed() + o.failed() + connections;
    completed += o.completed();
    return o;
  }

  /** Posts answered 2xx over every run so far. */
  long completed() {
    return completed;
  }
}
