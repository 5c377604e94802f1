package dev.switchboard.bench.email;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.net.HttpLoad;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** {@code POST /email/inbound} of raw MIME, as a mail provider or a script sends it, with the admin token. */
final class InboundMails implements HttpLoad.Requests {

  static final String PATH = "/email/inbound";

  private final String run;
  private final String host;
  private final int senders;
  private final String to;
  private final long offset;

  InboundMails(String run, int port, int senders, String to, long offset) {
    this.run = run;
    this.host = "127.0.0.1:" + port;
    this.senders = senders;
    this.to = to;
    this.offset = offset;
  }

  InboundMails from(long newOffset) {
    return new InboundMails(run, Integer.parseInt(host.substring(host.indexOf(':') + 1)), senders, to, newOffset);
  }

  @Override
  public FullHttpRequest request(long n) {
    byte[] mail = Mails.typicalBytes(run, n + offset, senders, to);
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PATH,
        Unpooled.wrappedBuffer(mail));
    request.headers()
        .set(HttpHeaderNames.HOST, host)
        .set(HttpHeaderNames.CONTENT_TYPE, "message/rfc822")
        .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + GatewayConfigFile.ADMIN_TOKEN);
    HttpUtil.setContentLength(request, mail.length);
    return request;
  }
}
