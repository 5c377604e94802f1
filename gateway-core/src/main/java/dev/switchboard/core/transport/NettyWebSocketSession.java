package dev.switchboard.core.transport;

import dev.switchboard.core.http.WebSocketSession;
import dev.switchboard.core.logging.LogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WebSocketSession} over a Netty channel; every method is safe from any thread.
 *
 * <p>Outbound frames are bounded per connection, so a client that stops reading cannot grow the heap:
 * above the channel's high water mark the session starts a clock; if the buffer has not drained below
 * the low mark within {@code slowClientTimeout}, or it reaches {@link #HARD_LIMIT_BYTES} first, the
 * client stops receiving (later frames are dropped and counted) and the connection is closed with 1008.
 * A client that reconnects gets what it missed through its {@code resumeAfter}.
 */
final class NettyWebSocketSession implements WebSocketSession {

  private static final Logger log = LoggerFactory.getLogger(NettyWebSocketSession.class);

  /** Low and high water marks of a websocket's outbound buffer. */
  static final int LOW_WATER_BYTES = 256 * 1024;
  static final int HIGH_WATER_BYTES = 1024 * 1024;
  /** Past this much unsent, the client is cut off at once. */
  static final long HARD_LIMIT_BYTES = 4L * HIGH_WATER_BYTES;
  static final int CLOSE_TOO_SLOW = 1008;

  private final Channel channel;
  private final WebSocketServerHandshaker handshaker;
  private final Duration slowClientTimeout;
  private final Counter dropped;
  private final Counter slowClosed;
  private final AtomicBoolean cutOff = new AtomicBoolean();
  private final AtomicBoolean stallWatched = new AtomicBoolean();

  NettyWebSocketSession(Channel channel, WebSocketServerHandshaker handshaker, Duration slowClientTimeout,
      MeterRegistry meters) {
    this.channel = channel;
    this.handshaker = handshaker;
    this.slowClientTimeout = slowClientTimeout;
    this.dropped = Counter.builder("switchboard.websocket.dropped.frames")
        .description("Frames not sent because the client had stopped reading and was being closed")
        .register(meters);
    this.slowClosed = Counter.builder("switchboard.websocket.slow.clients")
        .description("Websockets closed because the client stopped reading")
        .register(meters);
  }

  @Override
  public String id() {
    return channel.id().asShortText();
  }

  @Override
  public void send(String text) {
    if (admit()) {
      channel.writeAndFlush(frame(text));
    }
  }

  @Override
  public void write(String text) {
    if (admit()) {
      channel.write(frame(text));
    }
  }

  @Override
  public void flush() {
    channel.flush();
  }

  /** The text straight into a pooled buffer: no intermediate byte[] or heap copy before the socket. */
  private TextWebSocketFrame frame(String text) {
    return new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text));
  }

  /** Whether a frame may still be queued: the channel is open and the client has not been cut off. */
  private boolean admit() {
    if (!channel.isActive()) {
      return false;
    }
    if (cutOff.get()) {
      dropped.increment();
      return false;
    }
    if (channel.bytesBeforeWritable() > HARD_LIMIT_BYTES - LOW_WATER_BYTES) {
      dropped.increment();
      cutOff("its unsent frames reached " + HARD_LIMIT_BYTES + " bytes");
      return false;
    }
    if (!channel.isWritable() && stallWatched.compareAndSet(false, true)) {
      channel.eventLoop().schedule(() -> {
        stallWatched.set(false);
        if (!channel.isWritable()) {
          cutOff("it read nothing for " + slowClientTimeout.toMillis() + " ms with frames waiting");
        }
      }, slowClientTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return true;
  }

  private void cutOff(String why) {
    if (!cutOff.compareAndSet(false, true)) {
      return;
    }
    slowClosed.increment();
    log.debug("Websocket {} from {} closed: the client stopped reading ({})", id(), channel.remoteAddress(), why);
    // The close frame queues behind what the client did not read; it gets a moment, then the
    // connection and its buffer go.
    handshaker.close(channel, new CloseWebSocketFrame(CLOSE_TOO_SLOW, "too slow: the client stopped reading"));
    channel.eventLoop().schedule(() -> {
      channel.close();
    }, 1, TimeUnit.SECONDS);
  }

  @Override
  public void close(int code, String reason) {
    if (channel.isActive()) {
      handshaker.close(channel, new CloseWebSocketFrame(code, reason));
    }
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public Executor executor() {
    // A hop back to the loop keeps the MDC of the work that made it (a store result, an agent's reply).
    return task -> channel.eventLoop().execute(LogContext.capture().wrap(task));
  }

  @Override
  public Executor bareExecutor() {
    return channel.eventLoop();
  }

  @Override
  public boolean inExecutor() {
    return channel.eventLoop().inEventLoop();
  }

  @Override
  public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    return channel.eventLoop().schedule(() -> {
      if (channel.isActive()) {
        task.run();
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
