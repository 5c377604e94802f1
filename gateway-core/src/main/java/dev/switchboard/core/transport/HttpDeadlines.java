package dev.switchboard.core.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two clocks of an HTTP connection, against clients that hold sockets open (slowloris): a request
 * head must arrive whole within {@code requestHeaderTimeout} of its first byte, or the connection is
 * answered 408 and closed and the request is never served; and a connection with no traffic and no
 * request in progress for {@code idleTimeout} is closed (the {@code IdleStateHandler} before this one
 * raises the event). One instance per connection, in two places of the pipeline: {@link #bytesIn()}
 * before the codec sees the first byte of a head, {@link #requestsOut()} after it sees the head complete.
 */
final class HttpDeadlines {

  private static final Logger log = LoggerFactory.getLogger(HttpDeadlines.class);

  private final Duration headerTimeout;
  private final ResponseWriter responses;
  /** Where answers are written from: after the codec, so they are encoded. */
  private ChannelHandlerContext answers;
  private ScheduledFuture<?> headerTimer;
  private boolean waitingForHead = true;
  /** Requests whose head arrived and whose answer has not been written yet. */
  private int inProgress;

  HttpDeadlines(Duration headerTimeout, ResponseWriter responses) {
    this.headerTimeout = headerTimeout;
    this.responses = responses;
  }

  ChannelHandler bytesIn() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waitingForHead && headerTimer == null) {
          headerTimer = ctx.executor().schedule(() -> headerTimedOut(ctx),
              headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancelHeaderTimer();
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
        if (msg instanceof HttpRequest) {
          cancelHeaderTimer();
          waitingForHead = false;
          inProgress++;
        }
        if (msg instanceof io.netty.handler.codec.http.LastHttpContent) {
          waitingForHead = true;
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
          if (inProgress == 0 && headerTimer == null) {
            log.debug("Closing idle connection {}", ctx.channel().remoteAddress());
            ctx.close();
          }
          return;
        }
        ctx.fireUserEventTriggered(evt);
      }
    };
  }

  private void headerTimedOut(ChannelHandlerContext ctx) {
    headerTimer = null;
    if (waitingForHead && ctx.channel().isActive() && answers != null) {
      log.debug("Request head from {} incomplete after {}; closing", ctx.channel().remoteAddress(), headerTimeout);
      responses.errorAndClose(answers, 408, "request_timeout",
          "The request head did not arrive within " + headerTimeout.toMillis() + " ms.");
    }
  }

  private void cancelHeaderTimer() {
    if (headerTimer != null) {
      headerTimer.cancel(false);
      headerTimer = null;
    }
  }
}
