package dev.switchboard.bench.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/** The load generator's own event loops: {@code threads} of them, or Netty's default (two a core) for 0. */
public final class ClientLoops implements AutoCloseable {

  private final EventLoopGroup group;

  public ClientLoops(int threads) {
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-client"),
        NioIoHandler.newFactory());
  }

  public EventLoopGroup group() {
    return group;
  }

  /** A client's TCP connections to 127.0.0.1 on {@code group}, without delay for small writes; the caller adds its pipeline. */
  static Bootstrap connector(EventLoopGroup group) {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
