package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import dev.switchboard.config.PostgresConfig;
import java.time.Duration;

/**
 * How every connection of the gateway to PostgreSQL is opened, the store's pool and the cluster's alike:
 * the server, the credentials, and the session settings that keep a network fault from holding locks.
 */
public final class PostgresSessions {

  /**
   * How long the server lets one of our sessions sit idle inside a transaction before it ends it. A
   * partition that leaves the server's side of a connection open would otherwise strand the transaction
   * the node had begun, with its row locks (a fenced write's share lock on the cluster term among them,
   * which a takeover waits for), until TCP keepalive gives up on the peer: about two hours with Linux
   * defaults. No transaction of the gateway waits between its statements for anything but its own CPU.
   */
  public static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

  private PostgresSessions() {}

  /** Points {@code hikari} at the configured server and sets the session settings on each connection. */
  public static void configure(HikariConfig hikari, PostgresConfig config) {
    requireNonNull(config.url(), "postgres.url");
    hikari.setJdbcUrl(config.url());
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password().reveal());
    }
    // The client's side of the same fault: pgjdbc's keepalive lets the kernel notice a dead server.
    hikari.addDataSourceProperty("tcpKeepAlive", true);
    hikari.setConnectionInitSql(
        "SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
  }
}
