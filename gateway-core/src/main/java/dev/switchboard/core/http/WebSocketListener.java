package dev.switchboard.core.http;

/** One connection's frames, delivered in order on the connection's event loop; must not block. */
public interface WebSocketListener {

  void onText(String text);

  /** The connection is gone, by either side. */
  void onClose();

  /**
   * The transport refused a frame (too large, binary). Return {@code true} after sending your own
   * {@code error} frame (with your {@code seq}); by default the transport sends a plain one.
   */
  default boolean onRejectedFrame(String code, String message) {
    return false;
  }
}
