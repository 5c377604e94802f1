package dev.switchboard.bench.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/** The load generator's own event loops, one per core unless told otherwise. */
public final class ClientLoops implements AutoCloseable {

  private final EventLoopGroup group;

  public ClientLoops(int threads) {
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-client"),
        NioIoHandler.newFactory());
  }

  public EventLoopGroup group() {
    return group;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
