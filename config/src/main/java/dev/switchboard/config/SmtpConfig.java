package dev.switchboard.config;

/** The SMTP server that carries agents' replies. */
public record SmtpConfig(@Required String host, Integer port, Boolean tls, String user, Secret password) {

  public SmtpConfig {
    tls = tls == null ? Boolean.TRUE : tls;
    port = port == null ? (tls ? 465 : 25) : port;
  }
}
