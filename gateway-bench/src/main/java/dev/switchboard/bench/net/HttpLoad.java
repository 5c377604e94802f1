package dev.switchboard.bench.net;

import dev.switchboard.bench.LatencyHistogram;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP/1.1 load: {@code connections} keep-alive connections, each sending its next request
 * as soon as the previous answer arrives, until {@code maxRequests} were sent or {@code duration} passed.
 */
public final class HttpLoad {

  /** Builds request number {@code n} (0-based, unique across connections). */
  @FunctionalInterface
  public interface Requests {
    FullHttpRequest request(long n);
  }

  /** What a run measured. {@code statuses} counts answers by HTTP status. */
  public record Outcome(long completed, long failed, Duration elapsed, LatencyHistogram latency, Map<Integer, Long> statuses) {
    public double perSecond() {
      return completed / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  private HttpLoad() {}

  public static Outcome run(EventLoopGroup group, int port, int connections, long maxRequests, Duration duration,
      Requests requests) throws InterruptedException {
    Answers answers = new Answers();
    AtomicLong issued = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(connections);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();

    Bootstrap b = client(group, () -> new SimpleChannelInboundHandler<FullHttpResponse>() {
      private long sentAt;

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        next(ctx.channel());
      }

      private void next(Channel ch) {
        long n = issued.getAndIncrement();
        if (n >= maxRequests || System.nanoTime() >= deadline) {
          ch.close();
          return;
        }
        sentAt = System.nanoTime();
        ch.writeAndFlush(requests.request(n));
      }

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        answers.answered(response, System.nanoTime() - sentAt);
        next(ctx.channel());
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        finished.countDown();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        answers.failed(1);
        ctx.close();
      }
    });
    for (int i = 0; i < connections; i++) {
      b.connect("127.0.0.1", port).addListener(f -> {
        if (!f.isSuccess()) {
          answers.failed(1);
          finished.countDown();
        }
      });
    }
    // Requests in flight at the deadline get a grace period to finish.
    finished.await(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS);
    return answers.outcome(Duration.ofNanos(System.nanoTime() - start));
  }

  /** A client of keep-alive HTTP/1.1 connections to 127.0.0.1, each answered whole to its own {@code loop}. */
  static Bootstrap client(EventLoopGroup group, Supplier<ChannelHandler> loop) {
    return ClientLoops.connector(group)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast("http", new HttpClientCodec())
                .addLast("aggregator", new HttpObjectAggregator(1 << 20))
                .addLast("loop", loop.get());
          }
        });
  }
}
