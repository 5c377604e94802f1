package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Customers' consent, per pair of addresses (theirs, ours): the latest STOP or START keyword decides,
 * whatever order the two are recorded in.
 */
public interface OptOuts {

  /** The customer's opt-out for one pair of addresses, when one was ever recorded. */
  CompletionStage<Optional<OptOutState>> find(Channel channel, String customerAddress, String ourAddress);

  /**
   * Records an opt-out or opt-in for one pair of addresses unless one decided at the same time or later
   * is stored; completes with what is in force.
   */
  CompletionStage<OptOutState> record(Channel channel, String customerAddress, String ourAddress,
      OptOutState choice);
}
