package dev.switchboard.core.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers one HTTP request, asynchronously. The transport calls it on a worker thread (or, for a handler
 * that says so with {@link #dispatch}, on the connection's event loop) and writes the answer when the
 * returned stage completes. A stage failed with (or a call throwing) {@link HttpException}
 * answers with its status and JSON error body; any other failure answers 500 and is logged once, by the
 * transport. A stage that does not complete within the request deadline is answered 503
 * {@code deadline_exceeded}. A handler never waits on a future: it composes stages, and hands blocking
 * work that is not ours (downloads, SMTP, parsing large bodies) to a {@link BoundedExecutor}.
 */
@FunctionalInterface
public interface HttpHandler {

  CompletionStage<HttpResponse> handle(HttpRequest request) throws Exception;

  /**
   * Where the transport calls {@link #handle}: on the worker pool, unless the handler declares
   * {@link Dispatch#EVENT_LOOP}.
   */
  default Dispatch dispatch() {
    return Dispatch.WORKERS;
  }

  /** The thread a handler is called on. */
  enum Dispatch {
    /** The worker pool: the handler may parse a large body, read it from disk, or compute for long. */
    WORKERS,
    /**
     * The connection's event loop, one thread hop less per request: only for a handler that computes for
     * a few microseconds on a small in-memory body (it refuses a large one unread), never blocks, logs
     * nothing on success, and hands everything slower to a stage (an enqueue on the store's writer).
     */
    EVENT_LOOP
  }

  /** Adapts a handler that answers at once and waits on nothing: a static page, a health check. */
  static HttpHandler sync(Synchronous handler) {
    return request -> CompletableFuture.completedFuture(handler.handle(request));
  }

  /** A handler whose answer is ready when it returns; see {@link #sync}. */
  @FunctionalInterface
  interface Synchronous {

    HttpResponse handle(HttpRequest request) throws Exception;
  }
}
