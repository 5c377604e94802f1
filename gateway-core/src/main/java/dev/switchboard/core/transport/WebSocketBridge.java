package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.LogSafe;
import dev.switchboard.core.http.WebSocketHandler;
import dev.switchboard.core.http.WebSocketListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.codec.MessageAggregationException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a websocket's frames to its {@link WebSocketListener}: text frames within the handler's size
 * limit, pings answered, silence met with a ping and then a close. Frames the listener cannot take
 * (binary, too large) get an {@code error} frame and the connection stays open.
 */
final class WebSocketBridge extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger log = LoggerFactory.getLogger(WebSocketBridge.class);

  private final WebSocketServerHandshaker handshaker;
  private final WebSocketHandler handler;
  private final MeterRegistry meters;
  private final Duration slowClientTimeout;
  private WebSocketListener listener;
  private NettyWebSocketSession session;
  private boolean pingOutstanding;

  WebSocketBridge(WebSocketServerHandshaker handshaker, WebSocketHandler handler, MeterRegistry meters,
      Duration slowClientTimeout) {
    this.handshaker = handshaker;
    this.handler = handler;
    this.meters = meters;
    this.slowClientTimeout = slowClientTimeout;
  }

  void open(ChannelHandlerContext ctx, HttpRequest upgradeRequest) {
    session = new NettyWebSocketSession(ctx.channel(), handshaker, slowClientTimeout, meters);
    try {
      listener = handler.open(session, upgradeRequest);
    } catch (RuntimeException e) {
      log.error("Websocket handler for {} failed to open", upgradeRequest.path(), e);
      session.close(1011, "internal error");
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    pingOutstanding = false;
    if (frame instanceof TextWebSocketFrame text) {
      if (text.content().readableBytes() > handler.maxFrameBytes()) {
        reject("frame_too_large", "Frames may be at most " + handler.maxFrameBytes() + " bytes.");
        return;
      }
      if (listener != null) {
        try {
          listener.onText(text.content().toString(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          log.error("Websocket listener failed on a frame", e);
          reject("internal_error", "The gateway failed to handle this frame; it has been logged.");
        }
      }
    } else if (frame instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame close) {
      handshaker.close(ctx.channel(), close.retain());
    } else if (!(frame instanceof PongWebSocketFrame)) {
      reject("unsupported_frame", "Only text frames carrying JSON are understood here.");
    }
  }

  private void reject(String code, String message) {
    Counter.builder("switchboard.websocket.rejected.frames")
        .description("Websocket frames refused by the transport, by reason")
        .tag("code", code)
        .register(meters)
        .increment();
    if (listener == null || !listener.onRejectedFrame(code, message)) {
      Map<String, String> frame = new LinkedHashMap<>();
      frame.put("type", "error");
      frame.put("code", code);
      frame.put("message", message);
      session.send(Json.writeString(frame));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
      if (pingOutstanding) {
        session.close(1001, "idle");
      } else {
        pingOutstanding = true;
        ctx.writeAndFlush(new PingWebSocketFrame());
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (listener != null) {
      try {
        listener.onClose();
      } catch (RuntimeException e) {
        log.error("Websocket listener failed on close", e);
      }
    }
    super.channelInactive(ctx);
  }

  /**
   * A frame that breaks the websocket protocol (unmasked, reserved bits, a control frame too long) or a
   * message over the hard size is the client's fault: one WARN line without a stack trace, counted. The
   * frame decoder has already sent its close (1002) for a protocol error; an oversize message is closed
   * here with 1009.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    boolean corrupt = cause instanceof CorruptedWebSocketFrameException;
    if (corrupt || cause instanceof TooLongFrameException || cause instanceof MessageAggregationException) {
      Counter.builder("switchboard.websocket.protocol.violations")
          .description("Websocket connections closed for breaking the protocol")
          .register(meters)
          .increment();
      log.warn("Websocket {} from {} broke the protocol: {}", ctx.channel().id().asShortText(),
          ctx.channel().remoteAddress(), LogSafe.quote(cause.getMessage()));
      if (!corrupt && ctx.channel().isActive()) {
        handshaker.close(ctx.channel(), new CloseWebSocketFrame(1009, "message too big"));
      }
      return;
    }
    NetworkNoise.log(log, ctx, cause);
    ctx.close();
  }
}
