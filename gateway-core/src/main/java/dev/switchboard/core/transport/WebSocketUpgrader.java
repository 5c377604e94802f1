package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.WebSocketHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Turns an HTTP connection into a websocket for a {@link WebSocketHandler}, after the handler's own checks. */
final class WebSocketUpgrader {

  /** Frames above this are a protocol violation and close the connection; smaller ones are the handler's call. */
  static final int HARD_MAX_FRAME_BYTES = 1024 * 1024;

  /** Names of the HTTP-only handlers that an upgrade removes. */
  static final String HTTP_IDLE = "httpIdle";
  static final String HEAD_START = "headStart";
  static final String HEAD_END = "headEnd";

  private final ResponseWriter responses;
  private final MeterRegistry meters;
  private final Duration slowClientTimeout;

  WebSocketUpgrader(ResponseWriter responses, MeterRegistry meters, Duration slowClientTimeout) {
    this.responses = responses;
    this.meters = meters;
    this.slowClientTimeout = slowClientTimeout;
  }

  void upgrade(ChannelHandlerContext ctx, CollectedRequest request, WebSocketHandler handler) {
    Optional<HttpResponse> refusal;
    try {
      refusal = handler.handshake(request);
    } catch (RuntimeException e) {
      refusal = Optional.of(HttpResponse.error(500, "internal_error", "The websocket handshake failed."));
    }
    if (refusal.isPresent()) {
      HttpResponse r = refusal.get();
      responses.countError(r.status(), "websocket_refused");
      responses.write(ctx, r, false, false);
      return;
    }
    FullHttpRequest full = new DefaultFullHttpRequest(request.head().protocolVersion(), request.head().method(),
        request.head().uri(), Unpooled.EMPTY_BUFFER, request.headers(), io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    String location = "ws://" + request.header("host").orElse("localhost") + request.path();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
        location, null, true, HARD_MAX_FRAME_BYTES).newHandshaker(full);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    ChannelPipeline p = ctx.pipeline();
    handshaker.handshake(ctx.channel(), full).addListener(f -> {
      if (!f.isSuccess()) {
        ctx.close();
      }
    });
    long idleMillis = handler.idleTimeout().toMillis();
    p.remove(HTTP_IDLE);
    p.remove(HEAD_START);
    p.remove(HEAD_END);
    p.remove(BodyCollector.class);
    ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(
        NettyWebSocketSession.LOW_WATER_BYTES, NettyWebSocketSession.HIGH_WATER_BYTES));
    p.addLast("wsIdle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("wsFrames", new io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator(HARD_MAX_FRAME_BYTES));
    WebSocketBridge bridge = new WebSocketBridge(handshaker, handler, meters, slowClientTimeout);
    p.addLast("wsBridge", bridge);
    p.remove(HttpDispatcher.class);
    bridge.open(p.context(bridge), request);
  }
}
