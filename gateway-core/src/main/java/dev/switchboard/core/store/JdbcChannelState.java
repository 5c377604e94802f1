package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link ChannelState} over the store's group writer and reader pool (no fence). */
final class JdbcChannelState implements ChannelState {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;
  private final Clock clock;

  JdbcChannelState(GroupCommitWriter writer, JdbcDeliveries.Reads reads, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<Optional<String>> get(Channel channel, String key) {
    requireNonNull(channel, "channel");
    requireNonNull(key, "key");
    return reads.read(c -> OutboxRows.channelState(c, channel, key));
  }

  @Override
  public CompletionStage<Void> put(Channel channel, String key, String value) {
    requireNonNull(channel, "channel");
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return writer.submit("putChannelState", c -> {
      OutboxRows.putChannelState(c, channel, key, value, clock.instant());
      return null;
    });
  }
}
