package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a follower serves the leader's routes: a routing API request is forwarded to the leader's
 * {@code advertiseUrl} asynchronously (with the caller's {@code Authorization}, a bounded timeout) and its
 * answer returned as it is; a desk websocket is relayed to the leader's same path ({@link SocketRelay}),
 * frames verbatim both ways. Relays are closed (4503) when the leader changes, so their clients reconnect.
 */
public final class LeaderLink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LeaderLink.class);

  /** Set on a forwarded request or relayed upgrade: the leader that gets one while following refuses it. */
  static final String FORWARDED_BY = "X-Switchboard-Forwarded-By";
  private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept");
  private static final List<String> RESPONSE_HEADERS = List.of("retry-after", "cache-control", "location");

  private final String self;
  private final Supplier<Optional<LeaderAddress>> leader;
  private final Supplier<String> notLeaderMessage;
  private final Duration timeout;
  private final HttpClient http;
  private final Set<SocketRelay> relays = ConcurrentHashMap.newKeySet();
  private final Counter forwarded;
  private final Counter forwardFailed;
  private final Counter noLeader;
  private final Counter relayed;

  /**
   * {@code leader}: the leader this node last read from the lease (never this node while it follows);
   * {@code timeout}: for a forwarded request, and for opening a relayed websocket.
   */
  public LeaderLink(String self, Supplier<Optional<LeaderAddress>> leader, Supplier<String> notLeaderMessage,
      Duration timeout, MeterRegistry meters) {
    this.self = requireNonNull(self, "self");
    this.leader = requireNonNull(leader, "leader");
    this.notLeaderMessage = requireNonNull(notLeaderMessage, "notLeaderMessage");
    this.timeout = requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.forwarded = relayCounter(meters, "request", "forwarded");
    this.forwardFailed = relayCounter(meters, "request", "failed");
    this.noLeader = relayCounter(meters, "request", "no_leader");
    this.relayed = relayCounter(meters, "websocket", "opened");
    Gauge.builder("switchboard.cluster.relay.open", relays, Set::size)
        .description("Desk websockets this node relays to the leader now").register(meters);
  }

  private static Counter relayCounter(MeterRegistry meters, String kind, String outcome) {
    return Counter.builder("switchboard.cluster.relayed").tag("kind", kind).tag("outcome", outcome)
        .description("Requests and websockets a follower passed to the leader").register(meters);
  }

  /** The leader to pass {@code request} to, unless it was passed here already or none is known. */
  Optional<LeaderAddress> target(dev.switchboard.core.http.RequestHead request) {
    if (request.header(FORWARDED_BY).isPresent()) {
      return Optional.empty(); // passed on once already: two nodes that each think the other leads must not loop
    }
    return leader.get().filter(l -> !l.nodeId().equals(self));
  }

  /** Forwards a leader-only request; 503 {@code not_leader} when no leader is known or it does not answer. */
  CompletionStage<HttpResponse> forward(HttpRequest request) {
    Optional<LeaderAddress> to = target(request);
    if (to.isEmpty()) {
      noLeader.increment();
      return CompletableFuture.failedFuture(new HttpException(503, "not_leader", notLeaderMessage.get()));
    }
    java.net.http.HttpRequest.Builder out;
    try {
      out = java.net.http.HttpRequest.newBuilder(resolve(to.get().advertiseUrl(), request.uri(), false))
          .timeout(timeout).header(FORWARDED_BY, self)
          .method(request.method(), request.body().length() == 0
              ? java.net.http.HttpRequest.BodyPublishers.noBody()
              : java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body().bytes()));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (String h : REQUEST_HEADERS) {
      request.header(h).ifPresent(v -> out.header(h, v));
    }
    return http.sendAsync(out.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray())
        .handle((r, failure) -> {
          if (failure != null) {
            forwardFailed.increment();
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            log.debug("Forwarding {} {} to {} failed: {}", request.method(), request.path(), to.get().nodeId(),
                cause.toString());
            throw new HttpException(503, "not_leader", "the leader " + to.get().nodeId() + " did not answer ("
                + (cause instanceof HttpTimeoutException ? "timed out" : cause.getClass().getSimpleName())
                + "); try again");
          }
          forwarded.increment();
          Map<String, String> headers = new LinkedHashMap<>();
          for (String h : RESPONSE_HEADERS) {
            r.headers().firstValue(h).ifPresent(v -> headers.put(h, v));
          }
          return new HttpResponse(r.statusCode(), r.headers().firstValue("content-type").orElse("application/json"),
              r.body(), headers);
        });
  }

  /** Whether a websocket opened now could be relayed (a leader other than this node is known). */
  boolean canRelay(dev.switchboard.core.http.RequestHead upgrade) {
    return target(upgrade).isPresent();
  }

  /** Relays a websocket opened on this follower to the leader's same path. */
  WebSocketListener relay(WebSocketSession session, HttpRequest upgrade) {
    Optional<LeaderAddress> to = target(upgrade);
    if (to.isEmpty()) {
      session.close(TermRoutes.TERM_ENDED, "no leader is known; reconnect");
      return SocketRelay.CLOSED;
    }
    relayed.increment();
    URI uri = resolve(to.get().advertiseUrl(), upgrade.uri(), true);
    SocketRelay r = new SocketRelay(session, to.get().nodeId(), relays::remove);
    relays.add(r);
    http.newWebSocketBuilder().connectTimeout(timeout).header(FORWARDED_BY, self).buildAsync(uri, r.upstream())
        .whenComplete(r::connected);
    return r;
  }

  /** The leader changed (or this node leads now): relays to any other node are closed, so their clients reconnect. */
  void leaderChanged(Optional<String> leaderId) {
    for (SocketRelay r : relays) {
      if (leaderId.isEmpty() || !leaderId.get().equals(r.leaderId())) {
        r.close("the leader changed; reconnect");
      }
    }
  }

  int openRelays() {
    return relays.size();
  }

  static URI resolve(URI base, String pathAndQuery, boolean websocket) {
    String scheme = base.getScheme();
    if (websocket) {
      scheme = "https".equalsIgnoreCase(scheme) ? "wss" : "ws";
    }
    String root = base.getRawPath() == null || base.getRawPath().equals("/") ? "" : base.getRawPath();
    if (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    return URI.create(scheme + "://" + base.getRawAuthority() + root + pathAndQuery);
  }

  @Override
  public void close() {
    for (SocketRelay r : relays) {
      r.close("this node is stopping; reconnect");
    }
  }
}
