package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Gathers a request's body (see {@link CollectedBody}) and passes on one {@link CollectedRequest}.
 * Refuses a body over the limit with 413 as soon as it is known to be too large: from
 * {@code Content-Length} before reading it, or while it streams in when chunked.
 */
final class BodyCollector extends ChannelInboundHandlerAdapter {

  /** How much of a refused body is read and dropped before the connection is closed regardless. */
  private static final long DISCARD_LIMIT_BYTES = 64L * 1024 * 1024;

  private final long maxBodyBytes;
  private final Path tempDir;
  private final ResponseWriter responses;

  private HttpRequest head;
  private CollectedBody body;
  private boolean discarding;
  /** Bytes of a refused body read and dropped so far; see {@link #refuseTooLarge}. */
  private long discarded;
  private boolean closeAfterDiscard;

  BodyCollector(long maxBodyBytes, Path tempDir, ResponseWriter responses) {
    this.maxBodyBytes = maxBodyBytes;
    this.tempDir = tempDir;
    this.responses = responses;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
    try {
      if (msg instanceof HttpRequest request) {
        startRequest(ctx, request);
      }
      if (msg instanceof HttpContent content && discarding && closeAfterDiscard) {
        discarded += content.content().readableBytes();
        if (content instanceof LastHttpContent || discarded > DISCARD_LIMIT_BYTES) {
          ctx.close();
        }
        return;
      }
      if (msg instanceof HttpContent content && !discarding && head != null) {
        ByteBuf buf = content.content();
        if (body.length() + buf.readableBytes() > maxBodyBytes) {
          refuseTooLarge(ctx);
          return;
        }
        if (buf.isReadable()) {
          body.append(ByteBufUtil.getBytes(buf));
        }
        if (content instanceof LastHttpContent) {
          body.finish();
          CollectedRequest collected =
              new CollectedRequest(head, body, (InetSocketAddress) ctx.channel().remoteAddress());
          head = null;
          body = null;
          ctx.fireChannelRead(collected);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
    discarding = false;
    closeAfterDiscard = false;
    discarded = 0;
    if (request.decoderResult().isFailure()) {
      discarding = true;
      responses.errorAndClose(ctx, 400, "bad_request",
          "The request could not be parsed as HTTP: " + request.decoderResult().cause().getMessage());
      return;
    }
    long declared = HttpUtil.getContentLength(request, -1L);
    if (declared > maxBodyBytes) {
      refuseTooLarge(ctx);
      return;
    }
    head = request;
    body = new CollectedBody(tempDir);
  }

  private void refuseTooLarge(ChannelHandlerContext ctx) {
    discarding = true;
    if (body != null) {
      body.discard();
    }
    head = null;
    body = null;
    // Closing now, with the client's unread body in our receive buffer, would make the kernel send a
    // reset that can destroy the 413 before the client reads it. So: answer, keep reading and dropping
    // the body (up to a bound, against clients that never stop), and close when it ends.
    closeAfterDiscard = true;
    responses.countError(413, "payload_too_large");
    responses.write(ctx, HttpResponse.error(413, "payload_too_large",
        "The request body is larger than the limit of " + maxBodyBytes + " bytes."), false, false, false);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (body != null) {
      body.discard();
      body = null;
    }
    ctx.fireChannelInactive();
  }
}
