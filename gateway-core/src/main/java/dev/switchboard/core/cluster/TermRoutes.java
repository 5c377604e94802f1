package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.RequestGuard;
import dev.switchboard.core.http.WebSocketHandler;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Routes that belong to a term of leadership (the agent desk and the routing API: they talk to the router,
 * which only the leader runs). Each term mounts its handlers into a fresh {@link Term}; the gateway's route
 * table holds one delegate per path, mounted the first time a term adds it, which calls the current term's
 * handler, or answers 503 {@code not_leader} (naming the leader) between terms and on a node that follows.
 * Websockets opened in a term are closed (4503) when it ends, so their clients reconnect and resume. On a
 * follower of a cluster the delegates pass requests and websockets on to the leader ({@link #relayingTo}).
 */
public final class TermRoutes {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TermRoutes.class);

  /** Close code for desk sessions of a term that ended: the client reconnects, to the leader. */
  static final int TERM_ENDED = 4503;

  private final HttpRoutes target;
  private final Supplier<String> notLeaderMessage;
  private final Set<String> mounted = ConcurrentHashMap.newKeySet();
  private volatile Term current;
  private volatile LeaderLink link;

  /** {@code notLeaderMessage} says who leads, for the 503 a follower answers. */
  public TermRoutes(HttpRoutes target, Supplier<String> notLeaderMessage) {
    this.target = requireNonNull(target, "target");
    this.notLeaderMessage = requireNonNull(notLeaderMessage, "notLeaderMessage");
  }

  /**
   * On a node of a cluster: while it follows, its delegates pass requests to the leader and relay websockets
   * to it ({@link LeaderLink}) instead of answering 503 {@code not_leader}; they still answer that when no
   * leader is known.
   */
  public TermRoutes relayingTo(LeaderLink link) {
    this.link = requireNonNull(link, "link");
    return this;
  }

  /**
   * Mounts the delegate of a route that terms will add, before any term exists, so that a node that has not
   * led yet answers it 503 {@code not_leader} rather than 404.
   */
  public TermRoutes declare(String method, String path, RequestGuard guard) {
    String key = method + " " + path;
    if (mounted.add(key)) {
      target.add(method, path, guard, request -> handlerFor(key).handle(request));
    }
    return this;
  }

  /** {@link #declare} for a websocket endpoint, with the frame limit and idle timeout its handlers will have. */
  public TermRoutes declareWebSocket(String path, int maxFrameBytes, Duration idleTimeout) {
    if (mounted.add("WS " + path)) {
      target.webSocket(path, new Delegate(path, maxFrameBytes, idleTimeout));
    }
    return this;
  }

  /** Whether a term of this node's is active: its own router answers the leader-only routes. */
  public boolean serving() {
    Term t = current;
    return t != null && !t.ended;
  }

  /** A new term's routes, to mount into before {@link Term#activate()}. */
  public Term begin() {
    return new Term();
  }

  private HttpException notLeader() {
    return new HttpException(503, "not_leader", notLeaderMessage.get());
  }

  /** One term's handlers. */
  public final class Term implements HttpRoutes, AutoCloseable {
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, WebSocketHandler> sockets = new ConcurrentHashMap<>();
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean ended;

    @Override
    public HttpRoutes add(String method, String path, RequestGuard guard, HttpHandler handler) {
      String key = method + " " + path;
      handlers.put(key, requireNonNull(handler, "handler"));
      if (!mounted.contains(key)) {
        log.warn("Route {} was not declared: a node answers it 404 until it first leads", key);
        declare(method, path, guard);
      }
      return this;
    }

    @Override
    public HttpRoutes webSocket(String path, WebSocketHandler handler) {
      sockets.put(path, requireNonNull(handler, "handler"));
      if (!mounted.contains("WS " + path)) {
        log.warn("Websocket {} was not declared: a node answers it 404 until it first leads", path);
        declareWebSocket(path, handler.maxFrameBytes(), handler.idleTimeout());
      }
      return this;
    }

    /**
     * Makes this term's handlers the ones that answer; nothing once the term has ended (a router that
     * finished its rebuild after its term was closed).
     */
    public void activate() {
      if (!ended) {
        current = this;
      }
    }

    /** Ends the term: its routes answer 503 from now on and its websockets are closed. */
    @Override
    public void close() {
      ended = true;
      if (current == this) {
        current = null;
      }
      for (WebSocketSession s : sessions) {
        s.close(TERM_ENDED, "this node no longer leads; reconnect");
      }
      sessions.clear();
    }
  }

  private HttpHandler handlerFor(String key) {
    Term t = current;
    HttpHandler h = t == null ? null : t.handlers.get(key);
    if (h == null) {
      LeaderLink l = link;
      if (l == null) {
        throw notLeader();
      }
      return l::forward;
    }
    return h;
  }

  /** The one websocket endpoint per path in the route table, opening connections on the current term. */
  private final class Delegate implements WebSocketHandler {
    private final String path;
    private final int maxFrameBytes;
    private final Duration idleTimeout;

    Delegate(String path, int maxFrameBytes, Duration idleTimeout) {
      this.path = path;
      this.maxFrameBytes = maxFrameBytes;
      this.idleTimeout = idleTimeout;
    }

    @Override
    public Optional<HttpResponse> handshake(HttpRequest request) {
      Term t = current;
      if (t == null || !t.sockets.containsKey(path)) {
        LeaderLink l = link;
        if (l != null && l.canRelay(request)) {
          return Optional.empty(); // opened here, relayed to the leader
        }
        HttpException e = notLeader();
        return Optional.of(HttpResponse.error(e.status(), e.code(), e.getMessage()));
      }
      return t.sockets.get(path).handshake(request);
    }

    @Override
    public WebSocketListener open(WebSocketSession session, HttpRequest upgradeRequest) {
      Term t = current;
      WebSocketHandler h = t == null ? null : t.sockets.get(path);
      if (h == null || t.ended) {
        LeaderLink l = link;
        if (l != null) {
          return l.relay(session, upgradeRequest);
        }
        session.close(TERM_ENDED, "this node no longer leads; reconnect");
        return SocketRelay.CLOSED;
      }
      t.sessions.add(session);
      if (t.ended) { // the term ended after the check above: its close() may have missed this session
        session.close(TERM_ENDED, "this node no longer leads; reconnect");
      }
      WebSocketListener inner = h.open(session, upgradeRequest);
      return new WebSocketListener() {
        @Override
        public void onText(String text) {
          inner.onText(text);
        }

        @Override
        public void onClose() {
          t.sessions.remove(session);
          inner.onClose();
        }

        @Override
        public boolean onRejectedFrame(String code, String message) {
          return inner.onRejectedFrame(code, message);
        }
      };
    }

    @Override
    public int maxFrameBytes() {
      return maxFrameBytes;
    }

    @Override
    public Duration idleTimeout() {
      return idleTimeout;
    }
  }
}
