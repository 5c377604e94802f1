package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code switchboard.ingest.messages{channel, result}}, registered once per channel and result: looking a
 * counter up in the registry by name and tags on every message costs more than counting it.
 */
final class IngestCounters {

  private final Map<Channel, Counter> stored = new EnumMap<>(Channel.class);
  private final Map<Channel, Counter> duplicate = new EnumMap<>(Channel.class);

  IngestCounters(MeterRegistry meters) {
    for (Channel channel : Channel.values()) {
      stored.put(channel, counter(meters, channel, "stored"));
      duplicate.put(channel, counter(meters, channel, "duplicate"));
    }
  }

  private static Counter counter(MeterRegistry meters, Channel channel, String result) {
    return meters.counter("switchboard.ingest.messages", "channel", channel.key(), "result", result);
  }

  void count(Channel channel, boolean wasDuplicate) {
    (wasDuplicate ? duplicate : stored).get(channel).increment();
  }
}
