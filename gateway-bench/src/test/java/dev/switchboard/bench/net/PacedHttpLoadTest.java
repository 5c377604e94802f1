package dev.switchboard.bench.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.baseline.BareServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacedHttpLoadTest {

  private static final HttpLoad.Requests GET = n -> new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
      "/" + n, Unpooled.EMPTY_BUFFER);

  @Test
  void aRequestThatWaitsForABusyConnectionIsLateFromItsDueTime() throws Exception {
    // One connection to a server that takes 20 ms an answer; ten requests due 1 ms apart. Closed loop would see
    // 20 ms each; their senders waited up to ten answers' time.
    try (BareServer slow = server(Duration.ofMillis(20), HttpResponseStatus.OK); ClientLoops loops = new ClientLoops(1)) {
      HttpLoad.Outcome o = PacedHttpLoad.run(loops.group(), slow.port(), 1, new Arrivals(1000), 10, GET,
          Duration.ofSeconds(10));

      assertThat(o.completed()).isEqualTo(10);
      assertThat(o.failed()).isZero();
      assertThat(o.latency().percentileMillis(0)).isGreaterThanOrEqualTo(19);
      assertThat(o.latency().maxMicros()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(190));
      assertThat(o.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
  }

  @Test
  void requestsGoOutOnEveryFreeConnection() throws Exception {
    Set<Channel> answering = ConcurrentHashMap.newKeySet();
    try (BareServer slow = server(Duration.ofMillis(50), HttpResponseStatus.OK, answering);
        ClientLoops loops = new ClientLoops(2)) {
      HttpLoad.Outcome o = PacedHttpLoad.run(loops.group(), slow.port(), 10, new Arrivals(1000), 10, GET,
          Duration.ofSeconds(10));

      assertThat(o.completed()).isEqualTo(10);
      // Due 1 ms apart, answered 50 ms later: each found a connection of its own free.
      assertThat(answering).hasSize(10);
    }
  }

  @Test
  void everyRequestIsCountedOnceWhateverItsAnswer() throws Exception {
    try (BareServer refusing = server(Duration.ZERO, HttpResponseStatus.SERVICE_UNAVAILABLE);
        ClientLoops loops = new ClientLoops(1)) {
      HttpLoad.Outcome o = PacedHttpLoad.run(loops.group(), refusing.port(), 2, new Arrivals(2000), 40, GET,
          Duration.ofSeconds(10));

      assertThat(o.completed()).isZero();
      assertThat(o.failed()).isEqualTo(40);
      assertThat(o.statuses()).containsEntry(503, 40L);
    }
  }

  @Test
  void requestsNobodyCouldSendAreFailed() throws Exception {
    int closedPort;
    try (BareServer gone = server(Duration.ZERO, HttpResponseStatus.OK)) {
      closedPort = gone.port();
    }
    try (ClientLoops loops = new ClientLoops(1)) {
      HttpLoad.Outcome o = PacedHttpLoad.run(loops.group(), closedPort, 2, new Arrivals(1000), 5, GET,
          Duration.ofMillis(100));

      assertThat(o.completed()).isZero();
      assertThat(o.failed()).isEqualTo(5);
    }
  }

  @Test
  void arrivalsComeNoEarlierThanDueAtTheRate() {
    Arrivals arrivals = new Arrivals(1000);
    List<long[]> seen = new ArrayList<>();
    long start = System.nanoTime();

    arrivals.run(start, 50, (k, due) -> seen.add(new long[] {k, due, System.nanoTime()}));

    assertThat(seen).hasSize(50);
    for (long[] s : seen) {
      assertThat(s[1]).isEqualTo(start + s[0] * 1_000_000);
      assertThat(s[2]).isGreaterThanOrEqualTo(s[1]);
    }
    assertThat(seen.get(49)[2] - start).isGreaterThanOrEqualTo(49_000_000);
    assertThat(arrivals.in(Duration.ofMillis(2500))).isEqualTo(2500);
  }

  /** Answers every request with {@code status} after {@code delay}. */
  private static BareServer server(Duration delay, HttpResponseStatus status) throws InterruptedException {
    return server(delay, status, ConcurrentHashMap.newKeySet());
  }

  /** As above, adding each connection that got a request to {@code answering}. */
  private static BareServer server(Duration delay, HttpResponseStatus status, Set<Channel> answering)
      throws InterruptedException {
    return BareServer.start("paced-test", ch -> ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregator", new HttpObjectAggregator(1 << 16))
        .addLast("answer", new SimpleChannelInboundHandler<FullHttpRequest>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            answering.add(ctx.channel());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
            HttpUtil.setContentLength(response, 0);
            ctx.executor().schedule(() -> ctx.writeAndFlush(response), delay.toNanos(), TimeUnit.NANOSECONDS);
          }
        }));
  }
}
