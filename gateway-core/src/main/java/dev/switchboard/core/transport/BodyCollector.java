package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Has the {@link RequestGate} judge each request head, then gathers an admitted request's body (see
 * {@link CollectedBody}) and passes on one {@link CollectedRequest}. A refused request is passed on at
 * once, with no body; if a body follows, it is read and dropped (never stored) and the connection closes
 * after the answer. {@code 100 Continue} is sent only for an admitted request. A body that ends early
 * (connection lost, or a malformed chunk, which the decoder reports as a failed last part) is dropped
 * whole and never reaches a handler, so a later full resend is not taken for a duplicate.
 */
final class BodyCollector extends ChannelInboundHandlerAdapter {

  private final RequestGate gate;
  private final long maxBodyBytes;
  private final Path tempDir;
  private final ResponseWriter responses;
  private final Counter incomplete;

  /** The admitted request whose body is arriving. */
  private CollectedRequest current;
  /** The refused request whose body is arriving and being dropped. */
  private CollectedRequest refused;
  /** Bytes of a refused body read and dropped so far. */
  private long discarded;
  /** After an unparseable request nothing more on this connection is read. */
  private boolean ended;

  BodyCollector(RequestGate gate, long maxBodyBytes, Path tempDir, ResponseWriter responses, MeterRegistry meters) {
    this.gate = gate;
    this.maxBodyBytes = maxBodyBytes;
    this.tempDir = tempDir;
    this.responses = responses;
    this.incomplete = Counter.builder("switchboard.http.incomplete.bodies")
        .description("Request bodies dropped because they ended early or were malformed")
        .register(meters);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
    try {
      if (ended) {
        return;
      }
      if (msg instanceof HttpRequest head) {
        start(ctx, head);
      }
      if (msg instanceof HttpContent content && !ended) {
        if (content.decoderResult().isFailure()) {
          broken(ctx, content);
        } else if (refused != null) {
          drop(ctx, content);
        } else if (current != null) {
          collect(ctx, content);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void start(ChannelHandlerContext ctx, HttpRequest head) {
    if (head.decoderResult().isFailure()) {
      ended = true;
      responses.errorAndClose(ctx, 400, "bad_request",
          "The request could not be parsed as HTTP: " + head.decoderResult().cause().getMessage());
      return;
    }
    CollectedRequest request = new CollectedRequest(head, new CollectedBody(tempDir),
        (InetSocketAddress) ctx.channel().remoteAddress());
    Target target = gate.admit(request);
    request.target(target);
    if (target instanceof Target.Refuse) {
      refuse(ctx, request, HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0);
      return;
    }
    if (HttpUtil.is100ContinueExpected(head)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
          Unpooled.EMPTY_BUFFER));
    }
    current = request;
  }

  /** Hands the refusal on to be answered in order; a body that follows is dropped as it arrives. */
  private void refuse(ChannelHandlerContext ctx, CollectedRequest request, boolean bodyFollows) {
    request.close();
    discarded = 0;
    refused = request;
    if (bodyFollows) {
      // The body is not worth parsing: the answer closes the connection (lingering, so the client reads it;
      // see LingeringClose), and until it is written the body is read and dropped here.
      request.closeConnectionAfterAnswer();
    }
    ctx.fireChannelRead(request);
  }

  private void collect(ChannelHandlerContext ctx, HttpContent content) throws IOException {
    ByteBuf buf = content.content();
    CollectedBody body = current.collectedBody();
    long max = current.maxBodyBytes(maxBodyBytes);
    if (body.length() + buf.readableBytes() > max) {
      CollectedRequest request = current;
      current = null;
      request.bodyLimitRefused();
      request.target(new Target.Refuse(request.target().route(), HttpResponse.error(413, "payload_too_large",
          request.bodyLimitMessage().orElse(RequestGate.tooLarge(maxBodyBytes)))));
      refuse(ctx, request, true);
      drop(ctx, content);
      return;
    }
    if (buf.isReadable()) {
      body.append(ByteBufUtil.getBytes(buf));
    }
    if (content instanceof LastHttpContent) {
      body.finish();
      CollectedRequest request = current;
      current = null;
      ctx.fireChannelRead(request);
    }
  }

  private void drop(ChannelHandlerContext ctx, HttpContent content) {
    discarded += content.content().readableBytes();
    if (content instanceof LastHttpContent) {
      refused = null;
    } else if (discarded > LingeringClose.LIMIT_BYTES) {
      ended = true;
      ctx.close();
    }
  }

  /** The body ended early (connection lost) or was malformed: nothing of it reaches a handler. */
  private void broken(ChannelHandlerContext ctx, HttpContent content) {
    ended = true;
    if (current != null) {
      current.close();
      current = null;
    }
    refused = null;
    incomplete.increment();
    if (!(content.decoderResult().cause() instanceof PrematureChannelClosureException) && ctx.channel().isActive()) {
      responses.errorAndClose(ctx, 400, "bad_request", "The request body is malformed: "
          + content.decoderResult().cause().getMessage());
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) {
      // The connection closed before the body ended: the decoder passes on nothing more for it.
      incomplete.increment();
      current.close();
      current = null;
    }
    ctx.fireChannelInactive();
  }
}
