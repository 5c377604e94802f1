package dev.switchboard.core.http;

/**
 * The gateway's route table, free of any transport types. Paths are exact, or contain {@code {name}}
 * segments read with {@link HttpRequest#pathParam}. A path with a handler for some methods answers 405
 * for the others; an unknown path answers 404.
 */
public interface HttpRoutes {

  /** Adds an HTTP route. The handler runs on a worker thread, never on an event loop, so it may block. */
  HttpRoutes add(String method, String path, HttpHandler handler);

  /** Adds a websocket endpoint at {@code path}, upgraded from a GET. */
  HttpRoutes webSocket(String path, WebSocketHandler handler);

  default HttpRoutes get(String path, HttpHandler handler) {
    return add("GET", path, handler);
  }

  default HttpRoutes post(String path, HttpHandler handler) {
    return add("POST", path, handler);
  }
}
