package dev.switchboard.core.transport;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.BodyLimit;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.RequestGuard;
import dev.switchboard.core.http.WebSocketHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway's routes: exact paths and paths with {@code {name}} segments. Routes are added while the
 * gateway starts and read by every connection afterwards, hence the copy-on-write list.
 */
public final class RouteTable implements HttpRoutes {

  private final List<Route> routes = new CopyOnWriteArrayList<>();
  /**
   * The routes without a parameter, by their path, replaced whole when one is added: most requests (a
   * webhook, a desk's call) are answered by one look-up, without splitting the path into new Strings and
   * trying every route's segments. They are the routes {@link #find} would try first anyway.
   */
  private volatile Map<String, Route> exact = Map.of();

  /** A matched route: the handler or websocket endpoint, and the values of its path parameters. */
  record Match(Route route, Map<String, String> params) {}

  /**
   * A method's handler, the check on its head that runs before the body is read, and the route's own
   * limit on the body's size ({@code null}: the server's).
   */
  record Endpoint(RequestGuard guard, BodyLimit limit, HttpHandler handler) {
    Endpoint {
      requireNonNull(guard, "guard");
      requireNonNull(handler, "handler");
    }
  }

  /** One path with its handlers per method, or a websocket endpoint. */
  static final class Route {
    final String pattern;
    final String[] segments;
    final Map<String, Endpoint> handlers = new LinkedHashMap<>();
    WebSocketHandler webSocket;

    Route(String pattern) {
      this.pattern = pattern;
      this.segments = split(pattern);
    }

    Optional<Endpoint> endpoint(String method) {
      return Optional.ofNullable(handlers.get(method));
    }

    Set<String> allowedMethods() {
      Set<String> allowed = new TreeSet<>(handlers.keySet());
      if (webSocket != null) {
        allowed.add("GET");
      }
      return allowed;
    }

    Map<String, String> match(String[] path) {
      if (path.length != segments.length) {
        return null;
      }
      Map<String, String> params = Map.of();
      for (int i = 0; i < segments.length; i++) {
        String s = segments[i];
        if (s.length() > 2 && s.charAt(0) == '{' && s.charAt(s.length() - 1) == '}') {
          if (path[i].isEmpty()) {
            return null;
          }
          if (params.isEmpty()) {
            params = new LinkedHashMap<>();
          }
          params.put(s.substring(1, s.length() - 1), path[i]);
        } else if (!s.equals(path[i])) {
          return null;
        }
      }
      return params;
    }
  }

  @Override
  public HttpRoutes add(String method, String path, RequestGuard guard, HttpHandler handler) {
    return add(method, path, guard, null, handler);
  }

  @Override
  public synchronized HttpRoutes add(String method, String path, RequestGuard guard, BodyLimit limit,
      HttpHandler handler) {
    requireNonNull(method, "method");
    Endpoint endpoint = new Endpoint(guard, limit, handler);
    Route route = route(path);
    String m = method.toUpperCase(Locale.ROOT);
    if (route.handlers.putIfAbsent(m, endpoint) != null) {
      throw new IllegalStateException("route already taken: " + m + " " + path);
    }
    return this;
  }

  @Override
  public synchronized HttpRoutes webSocket(String path, WebSocketHandler handler) {
    requireNonNull(handler, "handler");
    Route route = route(path);
    if (route.webSocket != null || route.handlers.containsKey("GET")) {
      throw new IllegalStateException("route already taken: GET " + path);
    }
    route.webSocket = handler;
    return this;
  }

  private Route route(String path) {
    requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path: " + path + " (expected: starting with /)");
    }
    for (Route r : routes) {
      if (r.pattern.equals(path)) {
        return r;
      }
    }
    Route r = new Route(path);
    // Exact segments win over parameters: keep routes with fewer parameters first.
    List<Route> sorted = new ArrayList<>(routes);
    sorted.add(r);
    sorted.sort((a, b) -> Long.compare(paramCount(a), paramCount(b)));
    routes.clear();
    routes.addAll(sorted);
    if (paramCount(r) == 0) {
      Map<String, Route> withIt = new HashMap<>(exact);
      withIt.put(path, r);
      exact = Map.copyOf(withIt);
    }
    return r;
  }

  private static long paramCount(Route r) {
    long n = 0;
    for (String s : r.segments) {
      if (s.startsWith("{")) {
        n++;
      }
    }
    return n;
  }

  /** The route for a decoded path, or empty when no route has that path (404). */
  Optional<Match> find(String path) {
    Route exactly = exact.get(path);
    if (exactly != null) {
      // No segment of it is a parameter, and it sorts before every route that has one.
      return Optional.of(new Match(exactly, Map.of()));
    }
    String[] parts = split(path);
    for (Route r : routes) {
      Map<String, String> params = r.match(parts);
      if (params != null) {
        return Optional.of(new Match(r, params));
      }
    }
    return Optional.empty();
  }

  private static String[] split(String path) {
    return path.equals("/") ? new String[] {""} : path.substring(1).split("/", -1);
  }
}
