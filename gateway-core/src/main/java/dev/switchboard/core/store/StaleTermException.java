package dev.switchboard.core.store;

/**
 * A write only the cluster's leader may make (a router state write, an outbox claim or outcome) was refused
 * by the database because the lease has moved on to a later term: the node that issued it is no longer
 * the leader, and must not act.
 */
public final class StaleTermException extends RuntimeException {

  private final long term;
  private final long current;

  StaleTermException(String operation, long term, long current) {
    super(operation + " refused: issued under lease term " + term + ", the lease is at term " + current);
    this.term = term;
    this.current = current;
  }

  /** The term the write was issued under. */
  public long term() {
    return term;
  }

  /** The lease's term when it was refused. */
  public long current() {
    return current;
  }
}
