package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline of a connection over a cap (see {@link ConnectionLimits}): its first request head
 * is answered 503 with {@code Connection: close}, and it is closed; one that sends nothing is closed
 * after a few seconds. Reading the head first lets the client see the answer instead of a reset.
 */
final class OverCapacity extends ChannelInboundHandlerAdapter {

  private static final long GRACE_SECONDS = 5;

  private final ConnectionLimits.Refusal why;
  private final ResponseWriter responses;

  OverCapacity(ConnectionLimits.Refusal why, ResponseWriter responses) {
    this.why = why;
    this.responses = responses;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.executor().schedule(() -> ctx.close(), GRACE_SECONDS, TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest && ctx.channel().isActive()) {
        String which = why == ConnectionLimits.Refusal.TOTAL ? "The gateway has" : "Your address has";
        responses.countError(503, "too_many_connections");
        responses.write(ctx, HttpResponse.error(503, "too_many_connections",
            which + " too many open connections; try again shortly.").withHeader("Retry-After", "5"), false, false);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }
}
