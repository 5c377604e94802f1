package dev.switchboard.core.channel;

import dev.switchboard.core.model.Channel;
import java.util.concurrent.CompletionStage;

/**
 * A channel plugged into the gateway, found by {@link java.util.ServiceLoader}: one per channel.
 * Adapters whose config section is absent are not started.
 */
public interface ChannelAdapter {

  Channel channel();

  /** Whether the config enables this channel; only enabled adapters are started. */
  boolean enabled(dev.switchboard.config.GatewayConfig config);

  /** Mounts the channel's routes and starts its readers. Called once, before the server listens. */
  void start(GatewayContext ctx) throws Exception;

  /**
   * Sends an agent's message to the customer. Called by the outbox only, never by an agent directly,
   * never on an event loop. The stage completes with the outcome; it may also complete exceptionally,
   * which the outbox treats as {@link Delivery.Retry}.
   */
  CompletionStage<Delivery> send(OutboundMessage message);

  /**
   * How fast the outbox may hand this channel messages (a provider's per-number or per-server limit),
   * or empty for as fast as it sends. Read at each send, after {@link #start}.
   */
  default java.util.Optional<SendPace> pace() {
    return java.util.Optional.empty();
  }

  /**
   * Whether a send quotes or threads on the conversation's earlier messages ({@link OutboundMessage#thread()}:
   * e-mail's references and quoted history). The outbox reads a conversation's whole thread for each send
   * only for such a channel; the others are handed an empty thread.
   */
  default boolean quotesThread() {
    return false;
  }

  /** Whether the channel is connected and able to work (health/ready). */
  default boolean ready() {
    return true;
  }

  /** Stops readers and releases connections; in-flight sends may be abandoned (the outbox retries). */
  void stop();
}
