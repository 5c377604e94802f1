package dev.switchboard.bench.sms;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.Senders;
import dev.switchboard.bench.net.HttpLoad;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Inbound-SMS webhooks as Twilio sends them: form-encoded, signed, each with a new MessageSid, message
 * {@code n} from the phone number of {@code senders}' sender of it (reused ones, whose conversations go on, as
 * with regular customers, or new ones), its text given by {@code body}.
 */
public final class SmsWebhooks implements HttpLoad.Requests {

  public static final String PATH = "/sms/twilio/inbound";

  private final TwilioSignature signature;
  private final String signedUrl;
  private final String host;
  private final Senders senders;
  private final LongFunction<String> body;
  private final long runId = System.currentTimeMillis();

  SmsWebhooks(String authToken, String publicUrl, int port, Senders senders) {
    this(authToken, publicUrl, port, senders, n -> senders.ordinal(n) == 0
        ? "Hello, my order " + n + " has not arrived yet. Can you help?"
        : "Any news? It is still not here (" + n + ")");
  }

  public SmsWebhooks(String authToken, String publicUrl, int port, Senders senders, LongFunction<String> body) {
    this.signature = new TwilioSignature(authToken);
    this.signedUrl = publicUrl + PATH;
    this.host = "127.0.0.1:" + port;
    this.senders = senders;
    this.body = body;
  }

  /** Who sends which message. */
  public Senders senders() {
    return senders;
  }

  @Override
  public FullHttpRequest request(long n) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", String.format(Locale.ROOT, "SM%016x%016x", runId, n));
    form.put("AccountSid", GatewayConfigFile.SMS_ACCOUNT);
    form.put("From", String.format(Locale.ROOT, "+1555%07d", senders.sender(n)));
    form.put("To", GatewayConfigFile.SMS_NUMBER);
    form.put("Body", body.apply(n));
    form.put("NumMedia", "0");
    form.put("NumSegments", "1");
    form.put("SmsStatus", "received");
    form.put("ApiVersion", "2010-04-01");
    byte[] body = encode(form);
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PATH,
        Unpooled.wrappedBuffer(body));
    request.headers()
        .set(HttpHeaderNames.HOST, host)
        .set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
        .set("X-Twilio-Signature", signature.sign(signedUrl, form));
    HttpUtil.setContentLength(request, body.length);
    return request;
  }

  /** The form as Twilio posts it: {@code application/x-www-form-urlencoded}, in the map's order. */
  static byte[] encode(Map<String, String> form) {
    StringBuilder out = new StringBuilder();
    form.forEach((k, v) -> {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
