package dev.switchboard.core.logging;

/** The MDC keys a log line carries while the gateway handles a conversation, an agent or a channel. */
public enum LogKey {
  CONVERSATION("conversationId"),
  AGENT("agentId"),
  CHANNEL("channel");

  private final String mdcKey;

  LogKey(String mdcKey) {
    this.mdcKey = mdcKey;
  }

  /** The name in the MDC, and the field of a JSON log line. */
  public String mdcKey() {
    return mdcKey;
  }
}
