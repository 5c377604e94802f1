package dev.switchboard.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/**
 * The listener's I/O: Linux's epoll through Netty's native transport where it loads, Java's NIO selector
 * elsewhere. Both serve the same pipeline; epoll costs fewer system calls per wake-up (see
 * docs/architecture.md, "The listener runs on Linux's native epoll where it loads").
 */
enum IoTransport {
  EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class),
  NIO(NioIoHandler::newFactory, NioServerSocketChannel.class);

  private final Supplier<IoHandlerFactory> handlers;
  private final Class<? extends ServerChannel> serverChannel;

  IoTransport(Supplier<IoHandlerFactory> handlers, Class<? extends ServerChannel> serverChannel) {
    this.handlers = handlers;
    this.serverChannel = serverChannel;
  }

  /** Epoll where Netty's native library loads on this machine, NIO otherwise. */
  static IoTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** {@code threads} event loops named {@code name-N-M}. */
  EventLoopGroup loops(int threads, String name) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
    }
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), handlers.get());
  }

  /**
   * How many event loops the listener runs: one a core but one, and at least one, not Netty's two a core:
   * nothing on a loop blocks, and the store's writer, the one serial stage, needs a core of its own beside
   * them (docs/architecture.md, "Event loops: one a core but the writer's"); Netty's own
   * {@code -Dio.netty.eventLoopThreads} still sets it.
   */
  static int listenerLoops() {
    return listenerLoops(System.getProperty("io.netty.eventLoopThreads"), NettyRuntime.availableProcessors());
  }

  /** {@link #listenerLoops()} from the property's value (null when unset) and the cores; at least one. */
  static int listenerLoops(String property, int cores) {
    int loops = cores - 1;
    if (property != null) {
      try {
        loops = Integer.parseInt(property.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("io.netty.eventLoopThreads: '" + property + "' (expected: a number)", e);
      }
    }
    return Math.max(1, loops);
  }

  Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }
}
