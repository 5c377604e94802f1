package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@link HttpResponse}s to a connection, and counts every error answer by status and code. */
final class ResponseWriter {

  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);
  /** The name of the chunked writer, added to a connection's pipeline when it first streams a body. */
  static final String CHUNKED_WRITER = "chunkedWriter";
  /** The piece of a streamed body read and written at a time. */
  private static final int CHUNK_BYTES = 64 * 1024;

  private final MeterRegistry meters;

  ResponseWriter(MeterRegistry meters) {
    this.meters = meters;
  }

  ChannelFuture write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive, boolean head) {
    return write(ctx, response, keepAlive, head, !keepAlive);
  }

  /**
   * Writes the response; {@code closeAfter} closes the connection once it is flushed, by a
   * {@link LingeringClose} (without it, a {@code Connection: close} answer leaves closing to the caller).
   */
  ChannelFuture write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive, boolean head,
      boolean closeAfter) {
    if (response.stream() != null && !head) {
      return writeStreamed(ctx, response, keepAlive, closeAfter);
    }
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
    if (response.stream() != null) {
      out.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.stream().length()); // HEAD: the length only
    }
    commonHeaders(out, keepAlive);
    ChannelFuture f = ctx.writeAndFlush(out);
    if (closeAfter) {
      LingeringClose.after(f);
    }
    return f;
  }

  /**
   * Writes the head, then the body in chunks as the connection takes them ({@code ChunkedWriteHandler}
   * reads the next chunk only when the previous one is flushed, so a slow client holds 64 KB, not the
   * file). The chunked writer joins the pipeline here, the first time a connection streams: every other
   * answer is one message, which would only pass through its queue and its flush loop. The stream is opened here, on the event loop: it is a local file of the blob store, the
   * same trade Netty's own file server makes. If it cannot be opened, the answer is a 500 instead.
   */
  private ChannelFuture writeStreamed(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive,
      boolean closeAfter) {
    InputStream in;
    try {
      in = response.stream().open();
    } catch (IOException e) {
      log.error("Could not open the body of a {} answer", response.status(), e);
      countError(500, "internal_error");
      return write(ctx, HttpResponse.error(500, "internal_error",
          "The gateway could not read the stored content; it has been logged."), keepAlive, false, closeAfter);
    }
    DefaultHttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
    if (response.contentType() != null) {
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(response.contentType()));
    }
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      out.headers().set(h.getKey(), h.getValue());
    }
    out.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.stream().length());
    commonHeaders(out, keepAlive);
    if (ctx.pipeline().get(CHUNKED_WRITER) == null) {
      ctx.pipeline().addAfter(ServerInitializer.HTTP_CODEC, CHUNKED_WRITER, new ChunkedWriteHandler());
    }
    ctx.write(out);
    ChannelFuture f = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedStream(in, CHUNK_BYTES)));
    if (closeAfter) {
      LingeringClose.after(f);
    }
    return f;
  }

  private static void commonHeaders(io.netty.handler.codec.http.HttpResponse out, boolean keepAlive) {
    out.headers().set("X-Content-Type-Options", "nosniff");
    if (!keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
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
