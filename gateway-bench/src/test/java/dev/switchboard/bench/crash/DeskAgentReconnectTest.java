package dev.switchboard.bench.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bench.net.ClientLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The crash tests' agent against a real local websocket desk that signs it in and then closes the desk with
 * 4503, as a follower does when the leader it relays to changes, even long after the agent signed in.
 */
class DeskAgentReconnectTest {

  private final ClientLoops loops = new ClientLoops(1);
  private final ClientLoops serverLoops = new ClientLoops(1);
  private final List<String> auths = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  @AfterEach
  void close() {
    loops.close();
    serverLoops.close();
  }

  @Test
  void anAgentSignedInSignsInAgainAfterEach4503() throws Exception {
    int port = desk(2);
    DeskAgent agent = new DeskAgent(loops.group(), 0);
    agent.connect(port);

    await().atMost(Duration.ofSeconds(20)).until(() -> agent.signIns() == 3 && agent.signedIn());
    assertThat(auths).hasSize(3);
    assertThat(agent.describe()).contains("sign-ins 3 (2 after a close 4503, gave up: no)",
        "last close Closed[code=4503, reason=the leader changed]");
    agent.disconnect();
  }

  @Test
  void anAgentGivesUpAfterSoManyClosesInARow() throws Exception {
    int port = desk(Integer.MAX_VALUE);
    DeskAgent agent = new DeskAgent(loops.group(), 0);
    agent.connect(port);

    await().atMost(Duration.ofSeconds(30)).until(() -> agent.describe().contains("gave up: after"));
    assertThat(agent.signIns()).isEqualTo(1 + DeskAgent.MAX_RECONNECTS);
    assertThat(agent.signedIn()).isFalse();
    assertThat(auths).hasSize(1 + DeskAgent.MAX_RECONNECTS);
  }

  /**
   * A desk at {@code /agent/ws} on a free port: answers {@code auth} with {@code ready}; on the first
   * {@code closing} connections, closes with 4503 once the agent says it is available.
   */
  private int desk(int closing) {
    Channel server = new ServerBootstrap().group(serverLoops.group()).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            int n = connections.incrementAndGet();
            ch.pipeline()
                .addLast("http", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(65536))
                .addLast("websocket", new WebSocketServerProtocolHandler("/agent/ws"))
                .addLast("desk", new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                    String text = frame.text();
                    if (text.contains("\"auth\"")) {
                      auths.add(text);
                      ctx.writeAndFlush(new TextWebSocketFrame(
                          "{\"type\":\"ready\",\"agent\":\"agent-0\",\"presence\":\"available\",\"conversations\":[]}"));
                    } else if (text.contains("\"presence\"") && n <= closing) {
                      ctx.writeAndFlush(new CloseWebSocketFrame(4503, "the leader changed"))
                          .addListener(f -> ctx.close());
                    }
                  }
                });
          }
        })
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }
}
