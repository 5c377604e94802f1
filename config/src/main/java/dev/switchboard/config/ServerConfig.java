package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;

/** The HTTP/websocket listener and its limits against slow, large and numerous clients. */
public record ServerConfig(
    Integer port,
    String host,
    URI publicUrl,
    @Positive DataSize maxBodySize,
    Duration shutdownTimeout,
    @Positive Duration idleTimeout,
    @Positive Duration requestHeaderTimeout,
    @Positive Integer maxConnections,
    @Positive Integer maxConnectionsPerAddress,
    @Positive Duration authTimeout,
    @Positive Duration slowClientTimeout,
    @Positive Duration requestBodyTimeout,
    @Positive Duration handlerTimeout,
    Secret linkSecret) {

  public ServerConfig {
    port = port == null ? 8080 : port;
    host = host == null ? "0.0.0.0" : host;
    publicUrl = publicUrl == null ? URI.create("http://localhost:" + port) : publicUrl;
    maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(32) : maxBodySize;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(10) : shutdownTimeout;
    idleTimeout = idleTimeout == null ? Duration.ofMinutes(5) : idleTimeout;
    requestHeaderTimeout = requestHeaderTimeout == null ? Duration.ofSeconds(20) : requestHeaderTimeout;
    maxConnections = maxConnections == null ? 10_000 : maxConnections;
    maxConnectionsPerAddress = maxConnectionsPerAddress == null ? 500 : maxConnectionsPerAddress;
    authTimeout = authTimeout == null ? Duration.ofSeconds(10) : authTimeout;
    slowClientTimeout = slowClientTimeout == null ? Duration.ofSeconds(10) : slowClientTimeout;
    requestBodyTimeout = requestBodyTimeout == null ? Duration.ofMinutes(5) : requestBodyTimeout;
    handlerTimeout = handlerTimeout == null ? Duration.ofSeconds(30) : handlerTimeout;
  }

  /** The listener with the given basics and every limit at its default. */
  public ServerConfig(Integer port, String host, URI publicUrl, DataSize maxBodySize, Duration shutdownTimeout,
      Duration idleTimeout) {
    this(port, host, publicUrl, maxBodySize, shutdownTimeout, idleTimeout, null, null, null, null, null, null, null,
        null);
  }

  /** Every setting at its default. */
  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null, null);
  }

  /** The same limits on another address; a {@code null} publicUrl follows the port. */
  public ServerConfig withListener(Integer port, String host, URI publicUrl) {
    return new ServerConfig(port, host, publicUrl, maxBodySize, shutdownTimeout, idleTimeout, requestHeaderTimeout,
        maxConnections, maxConnectionsPerAddress, authTimeout, slowClientTimeout, requestBodyTimeout, handlerTimeout,
        linkSecret);
  }

  public ServerConfig withShutdownTimeout(Duration timeout) {
    return new ServerConfig(port, host, publicUrl, maxBodySize, timeout, idleTimeout, requestHeaderTimeout,
        maxConnections, maxConnectionsPerAddress, authTimeout, slowClientTimeout, requestBodyTimeout, handlerTimeout,
        linkSecret);
  }

  public ServerConfig withAuthTimeout(Duration timeout) {
    return new ServerConfig(port, host, publicUrl, maxBodySize, shutdownTimeout, idleTimeout, requestHeaderTimeout,
        maxConnections, maxConnectionsPerAddress, timeout, slowClientTimeout, requestBodyTimeout, handlerTimeout,
        linkSecret);
  }
}
