package dev.switchboard.bench.net;

import dev.switchboard.bench.Log;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop HTTP/1.1 load: requests arrive at a fixed rate ({@link Arrivals}), whatever the server does,
 * and each goes out on a free one of {@code connections} keep-alive connections; while none is free it waits,
 * in arrival order. Its latency runs from the moment it was due, so a wait for a connection counts, as it
 * does for a sender whose webhook a slow server keeps waiting. Every request is counted once: answered (2xx
 * completed, any other status failed), failed with its connection, or failed unanswered at the end.
 */
public final class PacedHttpLoad {

  /** Request {@code n}, due at {@code dueNanos}. */
  private record Due(long n, long dueNanos) {}

  private final HttpLoad.Requests requests;
  private final Answers answers = new Answers();
  private final Queue<Due> backlog = new ConcurrentLinkedQueue<>();
  private final Queue<Line> idle = new ConcurrentLinkedQueue<>();
  private final AtomicLong lastAnswer = new AtomicLong();
  private volatile boolean closing;

  private PacedHttpLoad(HttpLoad.Requests requests) {
    this.requests = requests;
  }

  /**
   * Sends requests {@code 0 .. count-1} at {@code arrivals}' rate over {@code connections} connections to
   * 127.0.0.1:{@code port}, then waits at most {@code drain} for the last answers. The outcome's elapsed time
   * runs from the first due time to the last answer.
   */
  public static HttpLoad.Outcome run(EventLoopGroup group, int port, int connections, Arrivals arrivals, long count,
      HttpLoad.Requests requests, Duration drain) throws InterruptedException {
    return new PacedHttpLoad(requests).run(group, port, connections, arrivals, count, drain);
  }

  private HttpLoad.Outcome run(EventLoopGroup group, int port, int connections, Arrivals arrivals, long count,
      Duration drain) throws InterruptedException {
    List<Channel> channels = new ArrayList<>(connections);
    var client = HttpLoad.client(group, Line::new);
    for (int i = 0; i < connections; i++) {
      ChannelFuture f = client.connect("127.0.0.1", port).await();
      if (f.isSuccess()) {
        channels.add(f.channel());
      } else {
        Log.info("paced load: connection %d failed: %s", i, f.cause());
      }
    }
    long start = System.nanoTime();
    arrivals.run(start, count, (n, due) -> {
      backlog.add(new Due(n, due));
      match();
    });
    long deadline = System.nanoTime() + drain.toNanos();
    while (answers.count() < count && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    closing = true;
    for (Channel ch : channels) {
      ch.close().awaitUninterruptibly();
    }
    answers.failed(count - answers.count());
    long end = lastAnswer.get() == 0 ? System.nanoTime() : lastAnswer.get();
    return answers.outcome(Duration.ofNanos(Math.max(1, end - start)));
  }

  /**
   * Pairs waiting requests with free connections until one of the two runs out. Both the pacing thread (after
   * adding a request) and a connection (after adding itself as free) call it, so whichever comes second finds
   * the other.
   */
  private void match() {
    while (!backlog.isEmpty()) {
      Line line = idle.poll();
      if (line == null) {
        return;
      }
      Due due = backlog.poll();
      if (due == null) {
        idle.add(line);
        continue;
      }
      line.hand(due);
    }
  }

  /** One keep-alive connection, one request at a time; its fields are its event loop's. */
  private final class Line extends SimpleChannelInboundHandler<FullHttpResponse> {
    private Channel channel;
    private boolean busy;
    private long dueNanos;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      free();
    }

    void hand(Due due) {
      channel.eventLoop().execute(() -> send(due));
    }

    private void send(Due due) {
      if (closing) {
        return; // counted unanswered by the run
      }
      if (!channel.isActive()) {
        answers.failed(1);
        return;
      }
      busy = true;
      dueNanos = due.dueNanos();
      channel.writeAndFlush(requests.request(due.n()));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      long now = System.nanoTime();
      answers.answered(response, now - dueNanos);
      lastAnswer.accumulateAndGet(now, Math::max);
      busy = false;
      free();
    }

    private void free() {
      Due next = backlog.poll();
      if (next != null) {
        send(next);
      } else {
        idle.add(this);
        match();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      idle.remove(this);
      if (busy && !closing) {
        answers.failed(1);
      }
      busy = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
