package dev.switchboard.bench.baseline;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The HTTP ceiling: reads each request whole and answers 200 with a fixed body, nothing else. */
public final class OkHttpServer {

  private static final byte[] BODY =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>".getBytes(StandardCharsets.UTF_8);

  private OkHttpServer() {}

  public static BareServer start() throws InterruptedException {
    return BareServer.start("baseline-http", ch -> ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregator", new HttpObjectAggregator(32 << 20))
        .addLast("ok", new Ok()));
  }

  private static final class Ok extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(BODY));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml");
      HttpUtil.setContentLength(response, BODY.length);
      HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
      ctx.writeAndFlush(response);
    }
  }
}
