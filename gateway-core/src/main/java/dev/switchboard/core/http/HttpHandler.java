package dev.switchboard.core.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers one HTTP request, asynchronously. The transport calls it on a worker thread and writes the
 * answer when the returned stage completes. A stage failed with (or a call throwing) {@link HttpException}
 * answers with its status and JSON error body; any other failure answers 500 and is logged once, by the
 * transport. A stage that does not complete within the request deadline is answered 503
 * {@code deadline_exceeded}. A handler never waits on a future: it composes stages, and hands blocking
 * work that is not ours (downloads, SMTP, parsing large bodies) to a {@link BoundedExecutor}.
 */
@FunctionalInterface
public interface HttpHandler {

  CompletionStage<HttpResponse> handle(HttpRequest request) throws Exception;

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
