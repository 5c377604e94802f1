package dev.switchboard.core.transport;

import dev.switchboard.core.http.WebSocketSession;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** A {@link WebSocketSession} over a Netty channel; every method is safe from any thread. */
final class NettyWebSocketSession implements WebSocketSession {

  private final Channel channel;
  private final WebSocketServerHandshaker handshaker;

  NettyWebSocketSession(Channel channel, WebSocketServerHandshaker handshaker) {
    this.channel = channel;
    this.handshaker = handshaker;
  }

  @Override
  public String id() {
    return channel.id().asShortText();
  }

  @Override
  public void send(String text) {
    if (channel.isActive()) {
      channel.writeAndFlush(new TextWebSocketFrame(text));
    }
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
    return channel.eventLoop();
  }
}
