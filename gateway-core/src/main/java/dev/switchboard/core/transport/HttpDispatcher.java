package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches a collected request against the {@link RouteTable}, runs its handler on the worker pool
 * (never on the event loop), and writes the answer. Requests of one connection are answered in order.
 * This is the one place where HTTP failures become JSON error responses.
 */
final class HttpDispatcher extends SimpleChannelInboundHandler<CollectedRequest> {

  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

  private final RouteTable routes;
  private final Executor workers;
  private final ResponseWriter responses;
  private final MeterRegistry meters;
  private final WebSocketUpgrader upgrader;
  /** The answer to the previous request of this connection; the next one is written after it. */
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

  HttpDispatcher(RouteTable routes, Executor workers, ResponseWriter responses, MeterRegistry meters,
      WebSocketUpgrader upgrader) {
    this.routes = routes;
    this.workers = workers;
    this.responses = responses;
    this.meters = meters;
    this.upgrader = upgrader;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, CollectedRequest request) {
    long start = System.nanoTime();
    Optional<RouteTable.Match> match = routes.find(request.path());
    String method = request.method();
    if (match.isEmpty()) {
      finish(ctx, request, "unmatched", start,
          CompletableFuture.completedFuture(error(404, "not_found", "No resource at " + request.path() + ".")));
      return;
    }
    RouteTable.Route route = match.get().route();
    request.pathParams(match.get().params());
    if (route.webSocket != null && "GET".equals(method) && isUpgrade(request)) {
      previous.whenComplete((v, e) -> ctx.executor().execute(() -> {
        upgrader.upgrade(ctx, request, route.webSocket);
        request.close();
      }));
      return;
    }
    Optional<HttpHandler> handler = route.handler(method);
    if (handler.isEmpty() && route.webSocket != null && "GET".equals(method)) {
      finish(ctx, request, route.pattern, start, CompletableFuture.completedFuture(error(426, "upgrade_required",
          request.path() + " speaks websocket: connect with a websocket client.")));
      return;
    }
    if (handler.isEmpty() && "HEAD".equals(method)) {
      handler = route.handler("GET");
    }
    if (handler.isEmpty()) {
      HttpResponse notAllowed = error(405, "method_not_allowed",
          method + " is not allowed on " + request.path() + "; allowed: " + String.join(", ", route.allowedMethods()) + ".")
          .withHeader("Allow", String.join(", ", route.allowedMethods()));
      finish(ctx, request, route.pattern, start, CompletableFuture.completedFuture(notAllowed));
      return;
    }
    HttpHandler h = handler.get();
    CompletableFuture<HttpResponse> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> run(h, request), workers);
    } catch (RejectedExecutionException e) {
      answer = CompletableFuture.completedFuture(error(503, "overloaded", "The gateway is busy; try again shortly."));
    }
    finish(ctx, request, route.pattern, start, answer);
  }

  private HttpResponse run(HttpHandler handler, CollectedRequest request) {
    try {
      return handler.handle(request);
    } catch (HttpException e) {
      return error(e.status(), e.code(), e.getMessage());
    } catch (Exception e) {
      log.error("Handler for {} {} failed", request.method(), request.path(), e);
      return error(500, "internal_error", "The gateway failed to handle this request; it has been logged.");
    } finally {
      request.close();
    }
  }

  private void finish(ChannelHandlerContext ctx, CollectedRequest request, String routeName, long start,
      CompletableFuture<HttpResponse> answer) {
    boolean keepAlive = HttpUtil.isKeepAlive(request.head());
    boolean head = "HEAD".equals(request.method());
    // Writes run as tasks on the connection's event loop, each queued only after the previous one ran:
    // a write made directly on the loop could otherwise overtake an earlier write still in its queue.
    previous = previous.thenCombine(answer, (v, response) -> response)
        .thenAcceptAsync(response -> {
          if (response.status() >= 400) {
            responses.countError(response.status(), errorCode(response));
          }
          Timer.builder("switchboard.http.requests")
              .description("HTTP requests by route, method and status")
              .tag("route", routeName)
              .tag("method", request.method())
              .tag("status", Integer.toString(response.status()))
              .register(meters)
              .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          responses.write(ctx, response, keepAlive, head);
        }, ctx.executor())
        .exceptionally(e -> {
          log.error("Writing the answer to {} {} failed", request.method(), request.path(), e);
          ctx.close();
          return null;
        });
  }

  private static String errorCode(HttpResponse response) {
    if (!"application/json".equals(response.contentType())) {
      return "none";
    }
    try {
      var node = dev.switchboard.core.http.Json.mapper().readTree(response.body());
      return node.path("error").asText("none");
    } catch (java.io.IOException e) {
      return "none";
    }
  }

  private static boolean isUpgrade(CollectedRequest request) {
    return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private static HttpResponse error(int status, String code, String message) {
    return HttpResponse.error(status, code, message);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    NetworkNoise.log(log, ctx, cause);
    ctx.close();
  }
}
