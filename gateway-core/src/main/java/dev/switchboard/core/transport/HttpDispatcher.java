package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link RequestGate}'s decision on a collected request: runs its handler on the worker
 * pool (never on the event loop), upgrades it to a websocket, or writes its refusal. Requests of one
 * connection are answered in order. This is the one place where HTTP failures become JSON error
 * responses; every request's body is released here, whatever its answer.
 */
final class HttpDispatcher extends SimpleChannelInboundHandler<CollectedRequest> {

  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

  private final Executor workers;
  private final ResponseWriter responses;
  private final MeterRegistry meters;
  private final WebSocketUpgrader upgrader;
  /** The answer to the previous request of this connection; the next one is written after it. */
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

  HttpDispatcher(Executor workers, ResponseWriter responses, MeterRegistry meters, WebSocketUpgrader upgrader) {
    this.workers = workers;
    this.responses = responses;
    this.meters = meters;
    this.upgrader = upgrader;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, CollectedRequest request) {
    long start = System.nanoTime();
    Target target = request.target();
    if (target instanceof Target.Refuse refuse) {
      request.close();
      finish(ctx, request, start, CompletableFuture.completedFuture(refuse.response()));
    } else if (target instanceof Target.Upgrade upgrade) {
      previous.whenComplete((v, e) -> ctx.executor().execute(() -> {
        request.close();
        upgrader.upgrade(ctx, request, upgrade.handler());
      }));
    } else {
      HttpHandler h = ((Target.Handle) target).endpoint().handler();
      CompletableFuture<HttpResponse> answer;
      try {
        answer = CompletableFuture.supplyAsync(() -> run(h, request), workers);
      } catch (RejectedExecutionException e) {
        request.close();
        answer = CompletableFuture.completedFuture(
            HttpResponse.error(503, "overloaded", "The gateway is busy; try again shortly."));
      }
      finish(ctx, request, start, answer);
    }
  }

  private HttpResponse run(HttpHandler handler, CollectedRequest request) {
    try {
      return handler.handle(request);
    } catch (HttpException e) {
      return HttpResponse.error(e.status(), e.code(), e.getMessage());
    } catch (Exception e) {
      log.error("Handler for {} {} failed", request.method(), request.target().route(), e);
      return HttpResponse.error(500, "internal_error", "The gateway failed to handle this request; it has been logged.");
    } finally {
      request.close();
    }
  }

  private void finish(ChannelHandlerContext ctx, CollectedRequest request, long start,
      CompletableFuture<HttpResponse> answer) {
    boolean keepAlive = request.keepAlive();
    boolean closeAfter = !keepAlive && !request.closedByCollector();
    boolean head = "HEAD".equals(request.method());
    String routeName = request.target().route();
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
              .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          responses.write(ctx, response, keepAlive, head, closeAfter)
              .addListener(f -> request.answered().complete(null));
        }, ctx.executor())
        .exceptionally(e -> {
          log.error("Writing the answer to {} {} failed", request.method(), routeName, e);
          request.answered().complete(null);
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

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    NetworkNoise.log(log, ctx, cause);
    ctx.close();
  }
}
