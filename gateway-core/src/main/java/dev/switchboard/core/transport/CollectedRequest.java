package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.RequestBody;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A request from its head on: judged by the {@link RequestGate} when the head arrives, then handed from
 * {@link BodyCollector} to {@link HttpDispatcher} once its body has arrived, or at once when refused.
 */
final class CollectedRequest implements HttpRequest, AutoCloseable {

  private final io.netty.handler.codec.http.HttpRequest head;
  private final QueryStringDecoder query;
  private final CollectedBody body;
  private final InetSocketAddress remote;
  private final CompletableFuture<Void> answered = new CompletableFuture<>();
  private Map<String, String> pathParams = Map.of();
  private Target target;
  private boolean closesConnection;
  private Executor workers = Runnable::run;
  private long bodyLimit = Long.MAX_VALUE;
  private String bodyLimitMessage;
  private Runnable onBodyLimitRefused = () -> { };

  CollectedRequest(io.netty.handler.codec.http.HttpRequest head, CollectedBody body, InetSocketAddress remote) {
    this.head = head;
    this.query = new QueryStringDecoder(head.uri());
    this.body = body;
    this.remote = remote;
  }

  /** Whether the path and query decode; a bad %-escape makes them throw, so the gate asks first. */
  boolean decodesCleanly() {
    try {
      query.path();
      query.parameters();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
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

  Target target() {
    return target;
  }

  void target(Target target) {
    this.target = target;
  }

  /** The answer closes the connection: the client's unread body follows it and is not worth parsing. */
  void closeConnectionAfterAnswer() {
    closesConnection = true;
  }

  boolean keepAlive() {
    return !closesConnection && HttpUtil.isKeepAlive(head);
  }

  /** Completed once the answer has been written (or failed to be). */
  CompletableFuture<Void> answered() {
    return answered;
  }

  /** The route's own limit on this request's body (see {@link dev.switchboard.core.http.BodyLimit}), set by the gate. */
  void bodyLimit(long maxBytes, String message, Runnable onRefused) {
    this.bodyLimit = maxBytes;
    this.bodyLimitMessage = message;
    this.onBodyLimitRefused = onRefused;
  }

  /** Tells the route's limit that this request went over it. */
  void bodyLimitRefused() {
    onBodyLimitRefused.run();
  }

  /** The most bytes this body may have: the route's limit when lower than the server's. */
  long maxBodyBytes(long serverLimit) {
    return Math.min(serverLimit, bodyLimit);
  }

  /** The 413 sentence of the route's own limit, when it has one. */
  java.util.Optional<String> bodyLimitMessage() {
    return java.util.Optional.ofNullable(bodyLimitMessage);
  }

  /** Set by the dispatcher before the handler is called. */
  void workers(Executor workers) {
    this.workers = workers;
  }

  @Override
  public Executor workers() {
    return workers;
  }

  CollectedBody collectedBody() {
    return body;
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

  /** Deletes the body's temporary file, if any; every path a request takes ends here. */
  @Override
  public void close() {
    body.discard();
  }
}
