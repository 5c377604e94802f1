package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link RequestGate}'s decision on a collected request: calls its handler on the worker
 * pool (on the event loop only for a handler that declares {@link HttpHandler.Dispatch#EVENT_LOOP}) and answers when the handler's stage completes, upgrades it to a
 * websocket, or writes its refusal. Requests of one connection are answered in order, even when a later
 * stage completes first. A stage still running at the request deadline is answered 503
 * {@code deadline_exceeded} rather than held forever. This is the one place where handler failures
 * become JSON error responses; every request's body is released here, whatever its answer.
 */
final class HttpDispatcher extends SimpleChannelInboundHandler<CollectedRequest> {

  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

  private final Executor workers;
  private final ResponseWriter responses;
  private final MeterRegistry meters;
  private final RequestTimers timers;
  private final WebSocketUpgrader upgrader;
  private final Duration handlerTimeout;
  private final InFlight inFlight;
  /** The answer to the previous request of this connection; the next one is written after it. */
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

  HttpDispatcher(Executor workers, ResponseWriter responses, MeterRegistry meters, RequestTimers timers,
      WebSocketUpgrader upgrader, Duration handlerTimeout, InFlight inFlight) {
    this.timers = timers;
    this.handlerTimeout = handlerTimeout;
    this.inFlight = inFlight;
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
      request.workers(workers);
      inFlight.started();
      request.answered().whenComplete((v, e) -> inFlight.ended());
      if (h.dispatch() == HttpHandler.Dispatch.EVENT_LOOP) {
        answer = call(h, request).toCompletableFuture();
      } else {
        try {
          answer = CompletableFuture.supplyAsync(() -> call(h, request), workers).thenCompose(stage -> stage);
        } catch (RejectedExecutionException e) {
          answer = CompletableFuture.completedFuture(overloaded());
        }
      }
      finish(ctx, request, start, withinDeadline(ctx, request, answer));
    }
  }

  /** Calls the handler; a throw is a failed stage like any other, and so is a missing stage. */
  private static CompletionStage<HttpResponse> call(HttpHandler handler, CollectedRequest request) {
    try {
      CompletionStage<HttpResponse> stage = handler.handle(request);
      return stage != null ? stage
          : CompletableFuture.failedFuture(new IllegalStateException("the handler returned no stage"));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The handler's answer, its failure mapped to an error answer, or the deadline answer if the stage
   * has not completed by then; whichever comes first is written, and the body is deleted then.
   */
  private CompletableFuture<HttpResponse> withinDeadline(ChannelHandlerContext ctx, CollectedRequest request,
      CompletableFuture<HttpResponse> answer) {
    CompletableFuture<HttpResponse> first = new CompletableFuture<>();
    ScheduledFuture<?> deadline = ctx.executor().schedule(() -> {
      if (first.complete(deadlineAnswer())) {
        meters.counter("switchboard.http.deadline.exceeded", "route", request.target().route()).increment();
        log.warn("{} {} did not complete within {}; answered 503", request.method(), request.target().route(),
            handlerTimeout);
      }
    }, handlerTimeout.toNanos(), TimeUnit.NANOSECONDS);
    answer.whenComplete((response, failure) -> {
      deadline.cancel(false);
      first.complete(failure == null ? response : errorAnswer(request, failure));
    });
    return first.whenComplete((response, failure) -> request.close());
  }

  private static HttpResponse overloaded() {
    return HttpResponse.error(503, "overloaded", "The gateway is busy; try again shortly.");
  }

  private HttpResponse deadlineAnswer() {
    return HttpResponse.error(503, "deadline_exceeded", "The gateway did not finish this request within "
        + handlerTimeout.toSeconds() + " s; try again shortly.").withHeader("Retry-After", "5");
  }

  /** The one mapping of a handler's failure: {@link HttpException} is its own answer, the rest is 500, logged. */
  private static HttpResponse errorAnswer(CollectedRequest request, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpException e) {
      return HttpResponse.error(e.status(), e.code(), e.getMessage());
    }
    if (cause instanceof RejectedExecutionException) {
      return overloaded();
    }
    log.error("Handler for {} {} failed", request.method(), request.target().route(), cause);
    return HttpResponse.error(500, "internal_error", "The gateway failed to handle this request; it has been logged.");
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
          timers.of(routeName, request.method(), response.status())
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
