package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/cluster} (admin token): the leader, the lease term and every node row, read from the
 * database; on a single node, {@code "enabled": false} and this node alone as leader.
 */
public final class ClusterApi {

  private final ClusterMembership membership;
  private final AdminAuth auth;

  /** {@code membership} is {@code null} on a single node. */
  public ClusterApi(ClusterMembership membership, AdminAuth auth) {
    this.membership = membership;
    this.auth = requireNonNull(auth, "auth");
  }

  public void mount(HttpRoutes routes) {
    routes.add("GET", "/api/cluster", auth::require, this::get);
  }

  private CompletionStage<HttpResponse> get(HttpRequest request) {
    auth.require(request);
    if (membership == null) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("enabled", false);
      body.put("leader", null);
      body.put("term", 0);
      body.put("nodes", List.of());
      return CompletableFuture.completedFuture(HttpResponse.json(200, body));
    }
    return membership.view().thenApply(view -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("enabled", true);
      body.put("self", membership.nodeId());
      body.put("leader", view.leader().orElse(null));
      body.put("term", view.term());
      body.put("nodes", view.nodes().stream().map(n -> {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", n.id());
        node.put("advertiseUrl", n.advertiseUrl().toString());
        node.put("leader", n.leader());
        node.put("lastSeen", n.lastSeen());
        node.put("alive", n.alive());
        return node;
      }).toList());
      return HttpResponse.json(200, body);
    });
  }
}
