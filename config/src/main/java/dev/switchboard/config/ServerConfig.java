package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;

/** The HTTP/websocket listener. */
public record ServerConfig(
    Integer port,
    String host,
    URI publicUrl,
    @Positive DataSize maxBodySize,
    Duration shutdownTimeout,
    @Positive Duration idleTimeout) {

  public ServerConfig {
    port = port == null ? 8080 : port;
    host = host == null ? "0.0.0.0" : host;
    publicUrl = publicUrl == null ? URI.create("http://localhost:" + port) : publicUrl;
    maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(32) : maxBodySize;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(10) : shutdownTimeout;
    idleTimeout = idleTimeout == null ? Duration.ofMinutes(5) : idleTimeout;
  }
}
