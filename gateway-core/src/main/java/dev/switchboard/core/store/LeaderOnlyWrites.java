package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A store view's leader-only writes: each refused in its own transaction unless the view's term is still
 * the lease's ({@link LeaderFence}), and each refusal counted in {@code switchboard.cluster.fenced}.
 */
final class LeaderOnlyWrites implements JdbcDeliveries.Fence {

  private final LeaderFence fence;
  private final MeterRegistry meters;

  LeaderOnlyWrites(LeaderFence fence, MeterRegistry meters) {
    this.fence = requireNonNull(fence, "fence");
    this.meters = requireNonNull(meters, "meters");
  }

  /** The same writes, fenced at lease term {@code term}. */
  LeaderOnlyWrites at(long term) {
    if (term < 0) {
      throw new IllegalArgumentException("term: " + term + " (expected: >= 0)");
    }
    return new LeaderOnlyWrites(new LeaderFence(term), meters);
  }

  @Override
  public <T> Work<T> leaderOnly(String operation, Work<T> work) {
    return c -> {
      try {
        fence.check(c, operation);
      } catch (StaleTermException e) {
        meters.counter("switchboard.cluster.fenced", "operation", operation).increment();
        throw e;
      }
      return work.run(c);
    };
  }
}
