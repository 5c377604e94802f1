package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** Writes {@link HttpResponse}s to a connection, and counts every error answer by status and code. */
final class ResponseWriter {

  private final MeterRegistry meters;

  ResponseWriter(MeterRegistry meters) {
    this.meters = meters;
  }

  ChannelFuture write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive, boolean head) {
    return write(ctx, response, keepAlive, head, !keepAlive);
  }

  /**
   * Writes the response; {@code closeAfter} closes the connection once it is flushed (without it, a
   * {@code Connection: close} answer leaves closing to the caller).
   */
  ChannelFuture write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive, boolean head,
      boolean closeAfter) {
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
    if (response.contentType() != null) {
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(response.contentType()));
    }
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      out.headers().set(h.getKey(), h.getValue());
    }
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    out.headers().set("X-Content-Type-Options", "nosniff");
    if (!keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture f = ctx.writeAndFlush(out);
    if (closeAfter) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    return f;
  }

  /** Counts an error answer; called for every 4xx/5xx this gateway sends. */
  void countError(int status, String code) {
    Counter.builder("switchboard.http.errors")
        .description("Error answers sent, by status and error code")
        .tag("status", Integer.toString(status))
        .tag("code", code)
        .register(meters)
        .increment();
  }

  /** Answers with the JSON error shape and closes: the rest of the request will not be read. */
  void errorAndClose(ChannelHandlerContext ctx, int status, String code, String message) {
    countError(status, code);
    write(ctx, HttpResponse.error(status, code, message), false, false);
  }

  private static String contentType(String type) {
    boolean textual = type.startsWith("text/") || type.equals("application/json")
        || type.equals("application/javascript") || type.endsWith("+xml") || type.endsWith("/xml");
    return textual && !type.contains("charset") ? type + "; charset=utf-8" : type;
  }
}
