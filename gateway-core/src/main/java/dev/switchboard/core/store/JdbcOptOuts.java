package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link OptOuts} over the store's group writer and reader pool; any node may record one (no fence). */
final class JdbcOptOuts implements OptOuts {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;

  JdbcOptOuts(GroupCommitWriter writer, JdbcDeliveries.Reads reads) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
  }

  @Override
  public CompletionStage<Optional<OptOutState>> find(Channel channel, String customerAddress, String ourAddress) {
    requireNonNull(channel, "channel");
    requireNonNull(customerAddress, "customerAddress");
    requireNonNull(ourAddress, "ourAddress");
    return reads.read(c -> ChannelRows.optOut(c, channel, customerAddress, ourAddress));
  }

  @Override
  public CompletionStage<OptOutState> record(Channel channel, String customerAddress, String ourAddress,
      OptOutState choice) {
    requireNonNull(channel, "channel");
    requireNonNull(customerAddress, "customerAddress");
    requireNonNull(ourAddress, "ourAddress");
    requireNonNull(choice, "choice");
    return writer.submit("recordOptOut",
        c -> ChannelRows.recordOptOut(c, channel, customerAddress, ourAddress, choice));
  }
}
