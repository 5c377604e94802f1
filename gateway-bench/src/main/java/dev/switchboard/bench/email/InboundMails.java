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
import java.util.function.LongFunction;

/** {@code POST /email/inbound} of raw MIME, as a mail provider or a script sends it, with the admin token. */
public final class InboundMails implements HttpLoad.Requests {

  public static final String PATH = "/email/inbound";

  private final int port;
  private final LongFunction<byte[]> mails;
  private final long offset;

  /** Request {@code n} posts {@code mails.apply(n + offset)}. */
  public InboundMails(int port, LongFunction<byte[]> mails, long offset) {
    this.port = port;
    this.mails = mails;
    this.offset = offset;
  }

  /** {@link Mails#typical} mails of {@code run} from {@code senders} customers. */
  InboundMails(String run, int port, int senders, String to, long offset) {
    this(port, n -> Mails.typicalBytes(run, n, senders, to), offset);
  }

  /** {@link Mails#withAttachment} mails of {@code run}: about 22 KB, multipart/mixed with a PDF. */
  static InboundMails withAttachments(String run, int port, int senders, String to, long offset) {
    return new InboundMails(port, n -> Mails.withAttachmentBytes(run, n, senders, to), offset);
  }

  InboundMails from(long newOffset) {
    return new InboundMails(port, mails, newOffset);
  }

  @Override
  public FullHttpRequest request(long n) {
    byte[] mail = mails.apply(n + offset);
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PATH,
        Unpooled.wrappedBuffer(mail));
    request.headers()
        .set(HttpHeaderNames.HOST, "127.0.0.1:" + port)
        .set(HttpHeaderNames.CONTENT_TYPE, "message/rfc822")
        .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + GatewayConfigFile.ADMIN_TOKEN);
    HttpUtil.setContentLength(request, mail.length);
    return request;
  }
}
