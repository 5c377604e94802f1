package dev.switchboard.sms;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Twilio SDK's own HTTP client, with each request's scheme, host and port replaced by the configured
 * API base ({@code channels.sms.apiBaseUrl}): a Twilio-compatible provider, or a stand-in in tests. The
 * SDK still builds the requests, authenticates them and reads the answers and errors.
 */
final class RebasingHttpClient extends NetworkHttpClient implements AutoCloseable {

  private final URI base;

  /** {@code base} null leaves requests as the SDK made them; the SDK's own timeouts apply. */
  RebasingHttpClient(URI base) {
    this.base = base;
  }

  /**
   * As {@link #RebasingHttpClient(URI)}, giving up on a connection, a pooled connection or an answer
   * after {@code timeout} (the SDK's default is 10 s to connect, 30.5 s for the answer): a Twilio that
   * hangs is then a passing failure the outbox retries, instead of a send thread held for long.
   */
  RebasingHttpClient(URI base, Duration timeout) {
    super(RequestConfig.custom()
            .setConnectTimeout(Timeout.of(timeout))
            .setConnectionRequestTimeout(Timeout.of(timeout))
            .setResponseTimeout(Timeout.of(timeout))
            .build(),
        SocketConfig.custom().setSoTimeout(Timeout.of(timeout)).build());
    this.base = base;
  }

  @Override
  public Response makeRequest(Request request) {
    return super.makeRequest(base == null ? request : rebase(request, base));
  }

  /** A copy of {@code request} aimed at {@code base}: same path, query, form, headers and credentials. */
  static Request rebase(Request request, URI base) {
    URI original = URI.create(request.getUrl());
    String url = base.getScheme() + "://" + base.getRawAuthority() + original.getRawPath()
        + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    Request copy = new Request(request.getMethod(), url);
    if (request.getAuthStrategy() != null) {
      copy.setAuth(request.getAuthStrategy());
    } else if (request.getUsername() != null) {
      copy.setAuth(request.getUsername(), request.getPassword());
    }
    copyParams(request.getQueryParams(), copy::addQueryParam);
    copyParams(request.getPostParams(), copy::addPostParam);
    copyParams(request.getHeaderParams(), copy::addHeaderParam);
    copy.setContentType(request.getContentType());
    copy.setBody(request.getBody());
    copy.setFormParameters(request.getFormParameters());
    copy.setUserAgentExtensions(request.getUserAgentExtensions());
    return copy;
  }

  private static void copyParams(Map<String, List<String>> from, BiConsumer<String, String> to) {
    from.forEach((name, values) -> values.forEach(v -> to.accept(name, v)));
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
