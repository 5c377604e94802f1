package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.UUID;

/**
 * One node as the cluster knows it: its configured name, where the others reach it, and the instance (random
 * per process start) that tells this process from an earlier one of the same name.
 */
public record NodeIdentity(String nodeId, URI advertiseUrl, String instanceId) {

  public NodeIdentity {
    requireNonNull(nodeId, "nodeId");
    requireNonNull(advertiseUrl, "advertiseUrl");
    requireNonNull(instanceId, "instanceId");
  }

  /** This process, as node {@code nodeId}. */
  public static NodeIdentity start(String nodeId, URI advertiseUrl) {
    return new NodeIdentity(nodeId, advertiseUrl, UUID.randomUUID().toString());
  }
}
