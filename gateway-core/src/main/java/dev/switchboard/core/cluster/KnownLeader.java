package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The leader this node knows of, as its last lease round read it (itself while it leads), with its address;
 * what a follower names in its 503 and what its relays to the leader follow. Watchers are told when the
 * leader's name changes, on the thread that learned it.
 */
final class KnownLeader {

  private final String self;
  private final List<Consumer<Optional<String>>> watchers = new CopyOnWriteArrayList<>();
  private volatile Optional<String> name = Optional.empty();
  private volatile Optional<LeaderAddress> address = Optional.empty();

  KnownLeader(String self) {
    this.self = requireNonNull(self, "self");
  }

  /** What a lease round read (empty: no one holds the lease); watchers are told when the name changed. */
  void learned(Optional<LeaderAddress> leader) {
    address = leader;
    Optional<String> before = name;
    Optional<String> now = leader.map(LeaderAddress::nodeId);
    name = now;
    if (!before.equals(now)) {
      watchers.forEach(w -> w.accept(now));
    }
  }

  void watch(Consumer<Optional<String>> watcher) {
    watchers.add(requireNonNull(watcher, "watcher"));
  }

  Optional<String> name() {
    return name;
  }

  Optional<LeaderAddress> address() {
    return address;
  }

  /** Why a follower refuses a leader-only request, naming the leader it last knew of. */
  String notLeaderMessage() {
    return "node " + self + " does not lead the cluster; "
        + name.map(l -> "the leader is " + l).orElse("no leader is known yet") + " (GET /api/cluster)";
  }
}
