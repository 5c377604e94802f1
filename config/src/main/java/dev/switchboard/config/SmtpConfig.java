package dev.switchboard.config;

/**
 * The SMTP server that carries agents' replies. {@code sendsPerSecond}: at most this many mails a second
 * (the server's or the provider's sending limit); none (the default) sends as fast as the server takes them.
 */
public record SmtpConfig(@Required String host, Integer port, Boolean tls, String user, Secret password,
    @Positive Double sendsPerSecond) {

  public SmtpConfig {
    tls = tls == null ? Boolean.TRUE : tls;
    port = port == null ? (tls ? 465 : 25) : port;
  }

  /** Unpaced. */
  public SmtpConfig(String host, Integer port, Boolean tls, String user, Secret password) {
    this(host, port, tls, user, password, null);
  }
}
