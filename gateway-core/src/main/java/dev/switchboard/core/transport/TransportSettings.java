package dev.switchboard.core.transport;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ServerConfig;
import java.time.Duration;

/**
 * The listener's limits against slow, large and numerous clients.
 *
 * @param maxBodyBytes largest request body (413 above)
 * @param idleTimeout an HTTP connection with no traffic for this long is closed
 * @param requestHeaderTimeout a request head must arrive whole within this, from its first byte (408)
 * @param requestBodyTimeout a request body must arrive whole within this, from the end of its head (408)
 * @param maxConnections open connections in total; more are answered 503
 * @param maxConnectionsPerAddress open connections from one remote address; more are answered 503
 * @param slowClientTimeout a websocket whose client stops reading is closed this long after its outbound
 *     buffer filled up
 * @param handlerTimeout a handler's answer must be ready within this, from when the request was collected;
 *     otherwise 503 {@code deadline_exceeded} ({@code server.handlerTimeout})
 */
public record TransportSettings(long maxBodyBytes, Duration idleTimeout, Duration requestHeaderTimeout,
    Duration requestBodyTimeout, int maxConnections, int maxConnectionsPerAddress, Duration slowClientTimeout,
    Duration handlerTimeout) {

  public TransportSettings {
    checkArgument(maxBodyBytes > 0, "maxBodyBytes: %s (expected: > 0)", maxBodyBytes);
    checkPositive(idleTimeout, "idleTimeout");
    checkPositive(requestHeaderTimeout, "requestHeaderTimeout");
    checkPositive(requestBodyTimeout, "requestBodyTimeout");
    checkArgument(maxConnections > 0, "maxConnections: %s (expected: > 0)", maxConnections);
    checkArgument(maxConnectionsPerAddress > 0, "maxConnectionsPerAddress: %s (expected: > 0)", maxConnectionsPerAddress);
    checkPositive(slowClientTimeout, "slowClientTimeout");
    checkPositive(handlerTimeout, "handlerTimeout");
  }

  /** The defaults of {@link ServerConfig}, with the given body limit. */
  public static TransportSettings defaults(long maxBodyBytes) {
    ServerConfig d = ServerConfig.defaults();
    return new TransportSettings(maxBodyBytes, d.idleTimeout(), d.requestHeaderTimeout(), d.requestBodyTimeout(),
        d.maxConnections(), d.maxConnectionsPerAddress(), d.slowClientTimeout(), d.handlerTimeout());
  }

  public static TransportSettings of(ServerConfig c) {
    return new TransportSettings(c.maxBodySize().bytes(), c.idleTimeout(), c.requestHeaderTimeout(),
        c.requestBodyTimeout(), c.maxConnections(), c.maxConnectionsPerAddress(), c.slowClientTimeout(),
        c.handlerTimeout());
  }

  /** With the idle timeout and the deadlines of a request's head and body. */
  public TransportSettings withTimeouts(Duration idle, Duration header, Duration body) {
    return new TransportSettings(maxBodyBytes, idle, header, body, maxConnections, maxConnectionsPerAddress,
        slowClientTimeout, handlerTimeout);
  }

  public TransportSettings withConnectionLimits(int total, int perAddress) {
    return new TransportSettings(maxBodyBytes, idleTimeout, requestHeaderTimeout, requestBodyTimeout, total,
        perAddress, slowClientTimeout, handlerTimeout);
  }

  public TransportSettings withSlowClientTimeout(Duration timeout) {
    return new TransportSettings(maxBodyBytes, idleTimeout, requestHeaderTimeout, requestBodyTimeout,
        maxConnections, maxConnectionsPerAddress, timeout, handlerTimeout);
  }

  public TransportSettings withHandlerTimeout(Duration timeout) {
    return new TransportSettings(maxBodyBytes, idleTimeout, requestHeaderTimeout, requestBodyTimeout,
        maxConnections, maxConnectionsPerAddress, slowClientTimeout, timeout);
  }

  private static void checkPositive(Duration d, String name) {
    requireNonNull(d, name);
    checkArgument(!d.isNegative() && !d.isZero(), "%s: %s (expected: > 0)", name, d);
  }

  private static void checkArgument(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }
}
