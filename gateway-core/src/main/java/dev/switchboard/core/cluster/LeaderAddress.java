package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/** The node that holds the live lease and where the other nodes reach it ({@code cluster.advertiseUrl}). */
public record LeaderAddress(String nodeId, URI advertiseUrl) {

  public LeaderAddress {
    requireNonNull(nodeId, "nodeId");
    requireNonNull(advertiseUrl, "advertiseUrl");
  }
}
