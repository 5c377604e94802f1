package dev.switchboard.core.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clocks of an HTTP connection, against clients that hold sockets open by sending slowly
 * (slowloris, and its body variant): a request head must arrive whole within {@code requestHeaderTimeout}
 * of its first byte, and its body within {@code requestBodyTimeout} of the head, or the connection is
 * answered 408 and closed and the request is never served; and a connection with no traffic and no
 * request in progress for {@code idleTimeout} is closed (the {@code IdleStateHandler} before this one
 * raises the event). One instance per connection, in two places of the pipeline: {@link #bytesIn()}
 * before the codec sees the first byte of a head, {@link #requestsOut()} after it sees heads and body
 * ends.
 */
final class HttpDeadlines {

  private static final Logger log = LoggerFactory.getLogger(HttpDeadlines.class);

  /** What the connection is waiting for from the client. */
  private enum Phase { HEAD, BODY }

  private final Duration headerTimeout;
  private final Duration bodyTimeout;
  private final ResponseWriter responses;
  /** Where answers are written from: after the codec, so they are encoded. */
  private ChannelHandlerContext answers;
  private Phase phase = Phase.HEAD;
  private ScheduledFuture<?> timer;
  /** Requests whose head arrived and whose answer has not been written yet. */
  private int inProgress;

  HttpDeadlines(Duration headerTimeout, Duration bodyTimeout, ResponseWriter responses) {
    this.headerTimeout = headerTimeout;
    this.bodyTimeout = bodyTimeout;
    this.responses = responses;
  }

  ChannelHandler bytesIn() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.HEAD && timer == null) {
          start(ctx, headerTimeout);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
      }
    };
  }

  ChannelHandler requestsOut() {
    return new ChannelDuplexHandler() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        answers = ctx;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head) {
          cancel();
          inProgress++;
          phase = Phase.BODY;
          if (HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0) {
            start(ctx, bodyTimeout);
          }
        }
        if (msg instanceof LastHttpContent) {
          cancel();
          phase = Phase.HEAD;
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse r && r.status() != HttpResponseStatus.CONTINUE && inProgress > 0) {
          inProgress--;
        }
        ctx.write(msg, promise);
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
          if (inProgress == 0 && timer == null) {
            log.debug("Closing idle connection {}", ctx.channel().remoteAddress());
            ctx.close();
          }
          return;
        }
        ctx.fireUserEventTriggered(evt);
      }
    };
  }

  private void start(ChannelHandlerContext ctx, Duration timeout) {
    Phase waitingFor = phase;
    timer = ctx.executor().schedule(() -> timedOut(ctx, waitingFor, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void timedOut(ChannelHandlerContext ctx, Phase waitingFor, Duration timeout) {
    timer = null;
    if (phase == waitingFor && ctx.channel().isActive() && answers != null) {
      String what = waitingFor == Phase.HEAD ? "head" : "body";
      log.debug("Request {} from {} incomplete after {}; closing", what, ctx.channel().remoteAddress(), timeout);
      responses.errorAndClose(answers, 408, "request_timeout",
          "The request " + what + " did not arrive within " + timeout.toMillis() + " ms.");
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
