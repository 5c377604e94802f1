package dev.switchboard.bench.sms;

import dev.switchboard.bench.net.Arrivals;
import dev.switchboard.bench.net.HttpLoad;
import dev.switchboard.bench.net.PacedHttpLoad;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;

/**
 * The {@code sms} scenario's webhooks to one server, run after run (warm-up slices, then the measured run),
 * numbered on from run to run: every MessageSid is new, and at a fixed rate the runs are one stream, in which a
 * new sender of one run sends its follow-ups in the next as it would have in the same.
 */
final class WebhookLoad {

  /** How long a fixed-rate run waits for its last answers. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  /** How the webhooks are sent. */
  sealed interface Pace {
    /** Sends {@code requests} for {@code span}; the outcome, and how many request numbers it may have used. */
    Sent send(EventLoopGroup group, int port, Duration span, HttpLoad.Requests requests) throws InterruptedException;
  }

  record Sent(HttpLoad.Outcome outcome, long used) {}

  /** Each connection sends its next webhook when the last is answered, at most {@code maxRequests} a run. */
  record ClosedLoop(int connections, long maxRequests) implements Pace {
    @Override
    public Sent send(EventLoopGroup group, int port, Duration span, HttpLoad.Requests requests)
        throws InterruptedException {
      HttpLoad.Outcome o = HttpLoad.run(group, port, connections, maxRequests, span, requests);
      // A connection may have issued one more request than completed or failed when the run ended.
      return new Sent(o, o.completed() + o.failed() + connections);
    }
  }

  /** Webhooks arrive at {@code arrivals}' rate whatever the answers, each sent on a free connection. */
  record FixedRate(int connections, Arrivals arrivals) implements Pace {
    @Override
    public Sent send(EventLoopGroup group, int port, Duration span, HttpLoad.Requests requests)
        throws InterruptedException {
      long count = arrivals.in(span);
      return new Sent(PacedHttpLoad.run(group, port, connections, arrivals, count, requests, DRAIN), count);
    }
  }

  private final EventLoopGroup group;
  private final int port;
  private final Pace pace;
  private final SmsWebhooks webhooks;
  private long next;
  private long completed;

  WebhookLoad(EventLoopGroup group, int port, Pace pace, SmsWebhooks webhooks) {
    this.group = group;
    this.port = port;
    this.pace = pace;
    this.webhooks = webhooks;
  }

  /** One run of {@code span}: closed loop until it passed, or the webhooks due within it at the fixed rate. */
  HttpLoad.Outcome run(Duration span) throws InterruptedException {
    long from = next;
    Sent sent = pace.send(group, port, span, n -> webhooks.request(from + n));
    next = from + sent.used();
    completed += sent.outcome().completed();
    return sent.outcome();
  }

  /** Webhooks answered 2xx over every run so far. */
  long completed() {
    return completed;
  }
}
