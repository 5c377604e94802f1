package dev.switchboard.bench.baseline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chat ceiling: customers connect to {@code /customer}, agents to {@code /agent}; each customer is
 * paired with an agent round-robin when it sends its first frame, and every text frame it sends is
 * written unchanged to that agent. Nothing is parsed, stored or routed.
 */
public final class WsRelayServer {

  private WsRelayServer() {}

  public static BareServer start() throws InterruptedException {
    List<Channel> agents = new CopyOnWriteArrayList<>();
    AtomicInteger next = new AtomicInteger();
    return BareServer.start("baseline-ws", ch -> ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregator", new HttpObjectAggregator(65536))
        .addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build()))
        .addLast("relay", new Relay(agents, next)));
  }

  private static final class Relay extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final List<Channel> agents;
    private final AtomicInteger next;
    private Channel agent;

    Relay(List<Channel> agents, AtomicInteger next) {
      super(false);
      this.agents = agents;
      this.next = next;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs && hs.requestUri().startsWith("/agent")) {
        agents.add(ctx.channel());
        ctx.channel().closeFuture().addListener(f -> agents.remove(ctx.channel()));
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      if (agent == null || !agent.isActive()) {
        if (agents.isEmpty()) {
          frame.release();
          return;
        }
        agent = agents.get(Math.floorMod(next.getAndIncrement(), agents.size()));
      }
      agent.writeAndFlush(frame, agent.voidPromise());
    }
  }
}
