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

  /** {@code threads} event loops (0: Netty's default, twice the cores) named {@code name-N-M}. */
  EventLoopGroup loops(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), handlers.get());
  }

  Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }
}
