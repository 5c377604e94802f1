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
 * stage completes first ({@link PendingAnswers}). A stage still running at the request deadline is answered 503
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
  /** This connection's requests whose answers are not written yet, in order. */
  private final PendingAnswers pending = new PendingAnswers();

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
    PendingAnswers.Place place = pending.join();
    if (target instanceof Target.Refuse refuse) {
      request.close();
      pending.settle(place, () -> write(ctx, request, start, refuse.response()));
    } else if (target instanceof Target.Upgrade upgrade) {
      pending.settle(place, () -> {
        request.close();
        upgrader.upgrade(ctx, request, upgrade.handler());
      });
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
      answerWithinDeadline(ctx, request, start, place, answer);
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
   * Settles the request's place with the handler's answer, its failure mapped to an error answer, or the
   * deadline answer if the stage has not completed by then; whichever comes first is written, and the
   * body is deleted then. An answer completed on another thread (the store's completions) is handed to
   * the event loop as one task, which writes it at once if no earlier answer is still awaited.
   */
  private void answerWithinDeadline(ChannelHandlerContext ctx, CollectedRequest request, long start,
      PendingAnswers.Place place, CompletableFuture<HttpResponse> answer) {
    if (answer.isDone()) {
      // Answered on the spot (a refusal by the handler, say): no timer, and written now if its turn has come.
      settle(ctx, request, start, place, answer.handle((r, f) -> f == null ? r : errorAnswer(request, f)).join(),
          null);
      return;
    }
    ScheduledFuture<?> deadline = ctx.executor().schedule(() -> {
      if (!place.settled()) {
        meters.counter("switchboard.http.deadline.exceeded", "route", request.target().route()).increment();
        log.warn("{} {} did not complete within {}; answered 503", request.method(), request.target().route(),
            handlerTimeout);
        settle(ctx, request, start, place, deadlineAnswer(), null);
      }
    }, handlerTimeout.toNanos(), TimeUnit.NANOSECONDS);
    answer.whenComplete((response, failure) -> {
      HttpResponse settled = failure == null ? response : errorAnswer(request, failure);
      if (ctx.executor().inEventLoop()) {
        settle(ctx, request, start, place, settled, deadline);
        return;
      }
      long handedAt = System.nanoTime();
      try {
        ctx.executor().execute(() -> {
          timers.handoff().record(System.nanoTime() - handedAt, TimeUnit.NANOSECONDS);
          settle(ctx, request, start, place, settled, deadline);
        });
      } catch (RejectedExecutionException e) {
        // The loop is shut down with its connection: nobody is left to answer.
        request.close();
        request.answered().complete(null);
      }
    });
  }

  /** On the event loop: the place's answer is known; the body goes, and the answer is written in turn. */
  private void settle(ChannelHandlerContext ctx, CollectedRequest request, long start, PendingAnswers.Place place,
      HttpResponse response, ScheduledFuture<?> deadline) {
    if (place.settled()) {
      return; // the deadline answered first
    }
    if (deadline != null) {
      deadline.cancel(false); // on the loop, so the timer leaves its queue at once
    }
    request.close();
    pending.settle(place, () -> write(ctx, request, start, response));
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

  /** Writes one answer, in its turn; {@code request.answered()} completes once it is written or failed. */
  private void write(ChannelHandlerContext ctx, CollectedRequest request, long start, HttpResponse response) {
    boolean keepAlive = request.keepAlive();
    try {
      if (response.status() >= 400) {
        responses.countError(response.status(), errorCode(response));
      }
      timers.of(request.target().route(), request.method(), response.status())
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      responses.write(ctx, response, keepAlive, "HEAD".equals(request.method()))
          .addListener(f -> request.answered().complete(null));
    } catch (RuntimeException e) {
      log.error("Writing the answer to {} {} failed", request.method(), request.target().route(), e);
      request.answered().complete(null);
      ctx.close();
    }
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
