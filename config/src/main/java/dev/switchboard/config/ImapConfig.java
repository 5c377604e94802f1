package dev.switchboard.config;

import java.time.Duration;

/**
 * The IMAP mailbox to read. With {@code idle} the reader waits for pushes and falls back to polling
 * every {@code pollInterval} where the server lacks IDLE. After the commit each mail is flagged
 * {@code \Seen}, or moved to {@code processedFolder} when that is set.
 */
public record ImapConfig(
    @Required String host,
    Integer port,
    Boolean tls,
    @Required String user,
    @Required Secret password,
    String folder,
    Boolean idle,
    @Positive Duration pollInterval,
    String processedFolder,
    String errorFolder) {

  public ImapConfig {
    tls = tls == null ? Boolean.TRUE : tls;
    port = port == null ? (tls ? 993 : 143) : port;
    folder = folder == null ? "INBOX" : folder;
    idle = idle == null ? Boolean.TRUE : idle;
    pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
    errorFolder = errorFolder == null ? "Switchboard-Errors" : errorFolder;
  }
}
