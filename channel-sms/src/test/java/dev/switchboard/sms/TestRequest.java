package dev.switchboard.sms;

import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.RequestBody;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A received webhook request for unit tests of the guard and handlers, without a transport. */
record TestRequest(String path, Map<String, String> headers, byte[] bodyBytes) implements HttpRequest {

  TestRequest {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = h;
  }

  /** A form POST to {@code path}, signed for {@code publicUrl + path} with {@code authToken}. */
  static TestRequest signedForm(String publicUrl, String path, String authToken, Map<String, String> fields) {
    return new TestRequest(path, Map.of(
        "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8",
        "X-Twilio-Signature", TwilioSigner.sign(authToken, publicUrl + path, fields)),
        TwilioSigner.form(fields).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String uri() {
    return path;
  }

  @Override
  public String pathParam(String name) {
    throw new IllegalArgumentException(name);
  }

  @Override
  public Map<String, List<String>> queryParams() {
    return Map.of();
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  @Override
  public RequestBody body() {
    return new RequestBody() {
      @Override
      public long length() {
        return bodyBytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bodyBytes);
      }

      @Override
      public byte[] bytes() {
        return bodyBytes.clone();
      }
    };
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }
}
