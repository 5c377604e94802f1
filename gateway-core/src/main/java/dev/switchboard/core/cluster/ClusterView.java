package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The cluster as {@code GET /api/cluster} shows it: the leader (when the lease is live), its term, the nodes. */
public record ClusterView(Optional<String> leader, long term, List<Node> nodes) {

  public ClusterView {
    requireNonNull(leader, "leader");
    nodes = List.copyOf(nodes);
  }

  /** A node row: {@code alive} while its heartbeat is younger than the lease timeout. */
  public record Node(String id, URI advertiseUrl, boolean leader, Instant lastSeen, boolean alive) {
    public Node {
      requireNonNull(id, "id");
      requireNonNull(advertiseUrl, "advertiseUrl");
      requireNonNull(lastSeen, "lastSeen");
    }
  }
}
