package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.RequestBody;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request whose body has fully arrived, as handed from {@link BodyCollector} to {@link HttpDispatcher}. */
final class CollectedRequest implements HttpRequest, AutoCloseable {

  private final io.netty.handler.codec.http.HttpRequest head;
  private final QueryStringDecoder query;
  private final CollectedBody body;
  private final InetSocketAddress remote;
  private Map<String, String> pathParams = Map.of();

  CollectedRequest(io.netty.handler.codec.http.HttpRequest head, CollectedBody body, InetSocketAddress remote) {
    this.head = head;
    this.query = new QueryStringDecoder(head.uri());
    this.body = body;
    this.remote = remote;
  }

  io.netty.handler.codec.http.HttpRequest head() {
    return head;
  }

  HttpHeaders headers() {
    return head.headers();
  }

  void pathParams(Map<String, String> params) {
    this.pathParams = params;
  }

  @Override
  public String method() {
    return head.method().name();
  }

  @Override
  public String path() {
    return query.path();
  }

  @Override
  public String uri() {
    return head.uri();
  }

  @Override
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no path parameter " + name + " in " + path());
    }
    return v;
  }

  @Override
  public Map<String, List<String>> queryParams() {
    return query.parameters();
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(head.headers().get(name));
  }

  @Override
  public RequestBody body() {
    return body;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void close() {
    body.discard();
  }
}
