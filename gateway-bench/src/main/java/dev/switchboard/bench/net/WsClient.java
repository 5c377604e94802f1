package dev.switchboard.bench.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** One websocket client connection (Netty): text frames in to a callback, {@link #send} out. */
public final class WsClient {

  private static final int MAX_FRAME = 1 << 20;

  private final Channel channel;
  private volatile String ended = "open";
  private volatile int closeCode = -1;
  private final CompletableFuture<String> closed = new CompletableFuture<>();

  private WsClient(Channel channel) {
    this.channel = channel;
    channel.closeFuture().addListener(f -> {
      ended("connection closed"); // the close frame's reason, when one came first, stays
      closed.complete(ended);
    });
  }

  /**
   * Connects and completes after the handshake. {@code onText} runs on the connection's event loop with
   * every text frame; it must not block.
   */
  public static CompletableFuture<WsClient> connect(EventLoopGroup group, URI uri, String origin,
      BiConsumer<WsClient, String> onText) {
    CompletableFuture<WsClient> connected = new CompletableFuture<>();
    HttpHeaders headers = new DefaultHttpHeaders();
    if (origin != null) {
      headers.set(HttpHeaderNames.ORIGIN, origin);
    }
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(uri)
        .version(WebSocketVersion.V13)
        .customHeaders(headers)
        .maxFramePayloadLength(MAX_FRAME)
        .handshakeTimeoutMillis(30_000)
        .handleCloseFrames(false) // read below, so that how the connection ended can be told
        .build();
    WsClient[] self = new WsClient[1];
    Bootstrap b = ClientLoops.connector(group)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            self[0] = new WsClient(ch);
            ch.pipeline()
                .addLast("http", new HttpClientCodec())
                .addLast("aggregator", new HttpObjectAggregator(65536))
                .addLast("websocket", new WebSocketClientProtocolHandler(config))
                .addLast("frames", new WebSocketFrameAggregator(MAX_FRAME))
                .addLast("close", new SimpleChannelInboundHandler<CloseWebSocketFrame>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
                    self[0].closeCode = frame.statusCode();
                    self[0].ended("closed by the server: " + frame.statusCode() + " " + frame.reasonText());
                    ctx.close();
                  }
                })
                .addLast("text", new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                    onText.accept(self[0], frame.text());
                  }

                  @Override
                  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                    if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                      connected.complete(self[0]);
                    } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                      connected.completeExceptionally(new IllegalStateException("websocket handshake timed out: " + uri));
                    }
                    super.userEventTriggered(ctx, evt);
                  }

                  @Override
                  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                    self[0].ended("connection closed");
                    connected.completeExceptionally(new IllegalStateException("closed before the handshake: " + uri));
                    super.channelInactive(ctx);
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    self[0].ended("failed: " + cause);
                    connected.completeExceptionally(cause);
                    ctx.close();
                  }
                });
          }
        });
    b.connect(uri.getHost(), uri.getPort()).addListener(f -> {
      if (!f.isSuccess()) {
        connected.completeExceptionally(f.cause());
      }
    });
    return connected;
  }

  public void send(String text) {
    channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
  }

  /** The event loop this connection's frames are read on. */
  public io.netty.channel.EventLoop eventLoop() {
    return channel.eventLoop();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  public void close() {
    ended("closed by the client");
    channel.close();
  }

  /** Completes when the connection is closed, with how it ended ({@link #ended}). */
  public CompletableFuture<String> closed() {
    return closed;
  }

  /** The close code the server sent, or -1 (still open, or ended without a close frame). */
  public int closeCode() {
    return closeCode;
  }

  /**
   * How the connection ended, the first reason seen: {@code open}, the server's close frame (code and
   * reason), a failure (a frame over the limit, a reset), the client's own close, or a connection lost.
   */
  public String ended() {
    return ended;
  }

  private void ended(String how) {
    if ("open".equals(ended)) {
      ended = how;
    }
  }
}
