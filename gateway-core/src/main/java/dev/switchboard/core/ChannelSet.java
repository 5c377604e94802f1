package dev.switchboard.core;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.GatewayContext;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of one gateway: of the adapters it is given (by default every one {@link ServiceLoader}
 * finds), those whose config section is present are started, in order, and stopped in reverse. A channel
 * that fails to stop is logged and the others still stop.
 */
final class ChannelSet {

  private static final Logger log = LoggerFactory.getLogger(ChannelSet.class);

  private final List<ChannelAdapter> candidates;
  private final List<ChannelAdapter> started = new ArrayList<>();

  ChannelSet(List<ChannelAdapter> candidates) {
    this.candidates = List.copyOf(candidates);
  }

  /** Every adapter on the class path. */
  static List<ChannelAdapter> discovered() {
    return ServiceLoader.load(ChannelAdapter.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  /** Starts each configured adapter with {@code context}, then hands it to {@code startedOne} (its health check). */
  synchronized void start(GatewayConfig cfg, GatewayContext context, Consumer<ChannelAdapter> startedOne)
      throws Exception {
    for (ChannelAdapter adapter : candidates) {
      if (!adapter.enabled(cfg)) {
        log.info("Channel {} is not configured; not started", adapter.channel().key());
        continue;
      }
      adapter.start(context);
      started.add(adapter);
      startedOne.accept(adapter);
      log.info("Channel {} started", adapter.channel().key());
    }
  }

  /** The channels started, in the order they started. */
  synchronized List<ChannelAdapter> started() {
    return List.copyOf(started);
  }

  /** Stops the started channels, last started first. */
  synchronized void stop() {
    for (int i = started.size() - 1; i >= 0; i--) {
      ChannelAdapter a = started.get(i);
      try {
        a.stop();
      } catch (RuntimeException e) {
        log.error("Channel {} failed to stop", a.channel().key(), e);
      }
    }
  }
}
