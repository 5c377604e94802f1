package dev.switchboard.bench.baseline;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bare Netty server on 127.0.0.1, port 0: the baseline the gateway is measured against. It gets its own
 * event loops, one per core, like the gateway's transport.
 */
public final class BareServer implements AutoCloseable {

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  private BareServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
  }

  /** Binds with {@code pipeline} listing each accepted connection's handlers. */
  public static BareServer start(String name, Consumer<SocketChannel> pipeline) throws InterruptedException {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-accept"),
        NioIoHandler.newFactory());
    // One loop a core, as the gateway's listener runs (and each bare server runs at least as fast so).
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NettyRuntime.availableProcessors(),
        new DefaultThreadFactory(name + "-io"),
        NioIoHandler.newFactory());
    Channel ch = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel c) {
            pipeline.accept(c);
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    return new BareServer(boss, workers, ch);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
