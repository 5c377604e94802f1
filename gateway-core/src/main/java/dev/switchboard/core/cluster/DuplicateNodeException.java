package dev.switchboard.core.cluster;

/** Another live process already runs as this node's {@code cluster.nodeId}: this one must not start. */
public final class DuplicateNodeException extends RuntimeException {

  DuplicateNodeException(String message) {
    super(message);
  }
}
