package dev.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * How the server closes a connection after its last answer: so that the client reads that answer.
 *
 * <p>A connection closed while the client is still sending (the rest of a refused body, the header lines
 * of a request that timed out, a pipelined request after a malformed one) has bytes arriving after the
 * close, or unread in the receive buffer at it, and the kernel answers them with a reset, which makes the
 * client's socket throw away what it has received and not read yet: the very answer that says why. So,
 * as Apache httpd's lingering close does: once the answer is flushed, the sending side is shut (the client
 * reads the answer, then the end of the stream), everything that still arrives is read and dropped at the
 * head of the pipeline (no decoder, no handler sees it), and the connection closes when the client closes
 * its side, after {@link #GRACE_MILLIS} at the latest, or once {@link #LIMIT_BYTES} were dropped.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

  /** The handler's name at the head of a lingering connection's pipeline. */
  static final String NAME = "lingeringClose";
  /** How long a connection lingers at most: a client that never stops sending must not hold it. */
  static final long GRACE_MILLIS = 2_000;
  /** How much a lingering connection reads and drops at most before it closes regardless. */
  static final long LIMIT_BYTES = 64L * 1024 * 1024;

  private long dropped;

  private LingeringClose() {}

  /** Closes {@code lastAnswer}'s connection, lingering as above, once the answer is written or failed. */
  static void after(ChannelFuture lastAnswer) {
    lastAnswer.addListener(f -> {
      Channel ch = lastAnswer.channel();
      if (f.isSuccess()) {
        start(ch);
      } else {
        ch.close();
      }
    });
  }

  /** Begins the linger on {@code ch}, on its event loop; a channel that cannot half-close just closes. */
  static void start(Channel ch) {
    if (!ch.eventLoop().inEventLoop()) {
      ch.eventLoop().execute(() -> start(ch));
      return;
    }
    if (!ch.isActive() || ch.pipeline().get(NAME) != null) {
      return;
    }
    if (!(ch instanceof DuplexChannel duplex)) {
      ch.close();
      return;
    }
    ch.pipeline().addFirst(NAME, new LingeringClose());
    ch.config().setAutoRead(true);
    duplex.shutdownOutput().addListener(f -> {
      if (!f.isSuccess()) {
        ch.close();
      }
    });
    ch.eventLoop().schedule(() -> ch.close(), GRACE_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof ByteBuf buf) {
        dropped += buf.readableBytes();
      } else if (msg instanceof ByteBufHolder holder) {
        dropped += holder.content().readableBytes();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
    if (dropped > LIMIT_BYTES) {
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // Nothing was passed on: nothing downstream has a read to complete.
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset from a client that went away while we lingered is the end we were waiting for.
    ctx.close();
  }
}
