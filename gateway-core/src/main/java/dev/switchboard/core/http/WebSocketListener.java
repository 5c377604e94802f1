package dev.switchboard.core.http;

/** One connection's frames, delivered in order on the connection's event loop; must not block. */
public interface WebSocketListener {

  void onText(String text);

  /** The connection is gone, by either side. */
  void onClose();
}
