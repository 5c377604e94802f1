package dev.switchboard.core.http;

import java.util.concurrent.Executor;

/** An HTTP request with its whole body received (in memory or spilled to a temporary file). */
public interface HttpRequest extends RequestHead {

  RequestBody body();

  /**
   * The pool this request's handler was called on. A stage of the router or the store completes on
   * that component's own thread; a handler continues there only with light work, and hops back here
   * ({@code thenApplyAsync(f, request.workers())}) for heavy work such as a large JSON answer. A request
   * built outside the transport (a unit test) runs such work on the completing thread.
   */
  default Executor workers() {
    return Runnable::run;
  }
}
