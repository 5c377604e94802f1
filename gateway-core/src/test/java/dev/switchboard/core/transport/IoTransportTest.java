package dev.switchboard.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.epoll.Epoll;
import io.netty.util.NettyRuntime;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The listener serves the same on Linux's native epoll as on Java's NIO selector, and picks epoll where
 * its library loads. The rest of the transport's tests run on whichever {@link IoTransport#best()} is.
 */
class IoTransportTest {

  static final long MAX_BODY = 64 * 1024;

  GatewayServer server;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close(Duration.ofSeconds(1));
    }
  }

  @Test
  void epollIsChosenWhereNettysLinuxLibraryIsShipped() {
    boolean shipped = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        && System.getProperty("os.arch").equals("amd64");
    assertThat(Epoll.isAvailable()).as("epoll loads here: %s", Epoll.unavailabilityCause()).isEqualTo(shipped);
    assertThat(IoTransport.best()).isEqualTo(shipped ? IoTransport.EPOLL : IoTransport.NIO);
  }

  @ParameterizedTest
  @EnumSource(IoTransport.class)
  void keepAliveAnswersComeInOrderOnOneConnection(IoTransport transport) throws Exception {
    start(transport, TransportSettings.defaults(MAX_BODY));
    try (RawClient c = new RawClient(server.port())) {
      // Two requests in one write: the second's answer comes from another thread first, and waits its turn.
      c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /now HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("later");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("now");
      c.send("GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("now");
    }
  }

  @ParameterizedTest
  @EnumSource(IoTransport.class)
  void aClientStillSendingTheBodyOfA413ReadsTheAnswer(IoTransport transport) throws Exception {
    start(transport, TransportSettings.defaults(MAX_BODY));
    try (RawClient c = new RawClient(server.port())) {
      int declared = 4 * 1024 * 1024;
      c.send(HttpHostileInputTest.post("/now", declared));
      byte[] chunk = HttpHostileInputTest.body(16 * 1024);
      boolean reset = false;
      for (int sent = 0; sent < declared && !reset; sent += chunk.length) {
        try {
          c.send(chunk); // a client that writes its whole body before it reads
        } catch (IOException e) {
          reset = true;
        }
      }
      assertThat(reset).as("the server reset the connection while the client was still sending").isFalse();
      assertThat(c.readUntilClosed()).startsWith("HTTP/1.1 413").contains("\"error\":\"payload_too_large\"");
    }
  }

  @ParameterizedTest
  @EnumSource(IoTransport.class)
  void aSlowHeadIsAnswered408AndClosed(IoTransport transport) throws Exception {
    start(transport, TransportSettings.defaults(MAX_BODY)
        .withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofSeconds(30)));
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /now HTTP/1.1\r\nHost: x\r\n");
      assertThat(c.readUntilClosed()).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
    }
  }

  @Test
  void theListenerRunsOneEventLoopACoreButTheWritersCore() throws Exception {
    assertThat(System.getProperty("io.netty.eventLoopThreads")).as("set for this JVM").isNull();
    start(IoTransport.best(), TransportSettings.defaults(MAX_BODY));
    // One gauge of pending tasks per loop (NettyEventExecutorMetrics, bound by the server).
    assertThat(meters.find("netty.eventexecutor.tasks.pending").gauges())
        .hasSize(Math.max(1, NettyRuntime.availableProcessors() - 1));
  }

  @Test
  void nettysOwnPropertyStillSetsHowManyLoops() {
    assertThat(IoTransport.listenerLoops(null, 1)).as("one core: still one loop").isEqualTo(1);
    assertThat(IoTransport.listenerLoops(null, 2)).isEqualTo(1);
    assertThat(IoTransport.listenerLoops(null, 8)).isEqualTo(7);
    assertThat(IoTransport.listenerLoops(" 6 ", 2)).isEqualTo(6);
    assertThat(IoTransport.listenerLoops("0", 2)).as("as Netty reads it: at least one").isEqualTo(1);
    assertThatThrownBy(() -> IoTransport.listenerLoops("four", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io.netty.eventLoopThreads: 'four'");
  }

  void start(IoTransport transport, TransportSettings settings) throws Exception {
    RouteTable routes = new RouteTable();
    routes.get("/now", HttpHandler.sync(r -> HttpResponse.text(200, "text/plain", "now")));
    routes.post("/now", HttpHandler.sync(r -> HttpResponse.text(200, "text/plain", "now")));
    routes.get("/later", r -> CompletableFuture.supplyAsync(() -> HttpResponse.text(200, "text/plain", "later"),
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)));
    server = GatewayServer.start("127.0.0.1", 0, routes, settings, meters, transport);
  }
}
