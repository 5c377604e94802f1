package dev.switchboard.core.http;

/**
 * The gateway's route table, free of any transport types. Paths are exact, or contain {@code {name}}
 * segments read with {@link HttpRequest#pathParam}. A path with a handler for some methods answers 405
 * for the others; an unknown path answers 404.
 */
public interface HttpRoutes {

  /**
   * Adds an HTTP route. {@code guard} runs on the request head before the body is read (see
   * {@link RequestGuard}); the handler is called on a worker thread, never on an event loop, and returns
   * a stage that the transport answers from when it completes (see {@link HttpHandler}).
   */
  HttpRoutes add(String method, String path, RequestGuard guard, HttpHandler handler);

  /**
   * Adds an HTTP route whose request body may be at most what {@code limit} decides from the head,
   * checked on the declared length before the body is read and on every piece while it arrives. Only
   * the gateway's own route table supports it.
   */
  default HttpRoutes add(String method, String path, RequestGuard guard, BodyLimit limit, HttpHandler handler) {
    throw new UnsupportedOperationException("no body limit per route here: " + method + " " + path);
  }

  /** Adds a websocket endpoint at {@code path}, upgraded from a GET. */
  HttpRoutes webSocket(String path, WebSocketHandler handler);

  default HttpRoutes add(String method, String path, HttpHandler handler) {
    return add(method, path, RequestGuard.NONE, handler);
  }

  default HttpRoutes get(String path, HttpHandler handler) {
    return add("GET", path, handler);
  }

  default HttpRoutes post(String path, HttpHandler handler) {
    return add("POST", path, handler);
  }

  /** A POST route whose head is checked by {@code guard} before its body is read. */
  default HttpRoutes post(String path, RequestGuard guard, HttpHandler handler) {
    return add("POST", path, guard, handler);
  }
}
