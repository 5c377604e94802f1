package dev.switchboard.core.transport;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listening port for HTTP and websockets. Bootstrap only: the pipeline is in
 * {@link ServerInitializer}, the routes in {@link RouteTable}.
 */
public final class GatewayServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final EventLoopGroup boss;
  private final EventLoopGroup workersLoop;
  private final ThreadPoolExecutor handlerPool;
  private final InFlight inFlight;
  private final Channel serverChannel;
  private final Path tempDir;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GatewayServer(EventLoopGroup boss, EventLoopGroup workersLoop, ThreadPoolExecutor handlerPool,
      InFlight inFlight, Channel serverChannel, Path tempDir) {
    this.inFlight = inFlight;
    this.boss = boss;
    this.workersLoop = workersLoop;
    this.handlerPool = handlerPool;
    this.serverChannel = serverChannel;
    this.tempDir = tempDir;
  }

  /** Binds {@code host:port} (port 0 picks a free one) and serves {@code routes} with default limits. */
  public static GatewayServer start(String host, int port, RouteTable routes, long maxBodyBytes,
      MeterRegistry meters) throws IOException, InterruptedException {
    return start(host, port, routes, TransportSettings.defaults(maxBodyBytes), meters);
  }

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving {@code routes}. */
  public static GatewayServer start(String host, int port, RouteTable routes, TransportSettings settings,
      MeterRegistry meters) throws IOException, InterruptedException {
    return start(host, port, routes, settings, meters, IoTransport.best());
  }

  /** As {@link #start(String, int, RouteTable, TransportSettings, MeterRegistry)}, on the given transport. */
  static GatewayServer start(String host, int port, RouteTable routes, TransportSettings settings,
      MeterRegistry meters, IoTransport transport) throws IOException, InterruptedException {
    requireNonNull(routes, "routes");
    requireNonNull(settings, "settings");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    Path tempDir = Files.createTempDirectory("switchboard-bodies-");
    EventLoopGroup boss = transport.loops(1, "sb-accept");
    EventLoopGroup loops = transport.loops(IoTransport.listenerLoops(), "sb-io");
    // Handlers are called here, never on an event loop: they parse forms and JSON and read bodies from
    // disk before they return their stage. They never wait on a future, so a thread is busy only while
    // a handler computes. The queue is bounded: past it the gateway answers 503 rather than piling up work.
    ThreadPoolExecutor handlerPool = new ThreadPoolExecutor(32, 32, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(10_000), new DefaultThreadFactory("sb-handler", true));
    handlerPool.allowCoreThreadTimeOut(true);
    InFlight inFlight = new InFlight();
    new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(meters);
    new NettyEventExecutorMetrics(loops).bindTo(meters);
    try {
      ServerBootstrap b = new ServerBootstrap()
          .group(boss, loops)
          .channel(transport.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 1024 * 1024))
          .childHandler(new ServerInitializer(routes, handlerPool, settings, tempDir, meters, inFlight));
      Channel ch = b.bind(new InetSocketAddress(host, port)).sync().channel();
      log.info("Listening on {} ({})", ch.localAddress(), transport);
      return new GatewayServer(boss, loops, handlerPool, inFlight, ch, tempDir);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      handlerPool.shutdownNow();
      deleteBodies(tempDir);
      throw e;
    }
  }

  /** The port actually bound. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Stops accepting new connections; open ones keep working until {@link #close}. */
  public void stopAccepting() {
    serverChannel.close().syncUninterruptibly();
  }

  /**
   * Stops accepting, lets running handlers finish and requests in flight be answered within
   * {@code grace}, then closes every connection.
   */
  public void close(Duration grace) {
    if (closed.getAndSet(true)) {
      return;
    }
    stopAccepting();
    handlerPool.shutdown();
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      if (!handlerPool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        handlerPool.shutdownNow();
      }
      if (!inFlight.awaitNone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        log.warn("Closing with requests still in flight after {}", grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workersLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    deleteBodies(tempDir);
  }

  /** Where request bodies too large for memory are spilled while they arrive. */
  Path bodyTempDir() {
    return tempDir;
  }

  /**
   * Removes the spill directory with whatever is left in it: a handler still running when the grace ran
   * out, or a request queued and never run, has not deleted its body.
   */
  private static void deleteBodies(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          log.warn("Could not delete request body {}: {}", f, e.toString());
        }
      });
      Files.deleteIfExists(dir);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      log.warn("Could not delete the request body directory {}: {}", dir, e.toString());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
