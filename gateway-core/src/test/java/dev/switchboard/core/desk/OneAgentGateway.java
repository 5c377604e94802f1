package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.time.Duration;

/**
 * The gateway of desk tests about one agent's desks: an admin token, one standard tier, SMS through a
 * test adapter, and one agent who signs in with {@link #TOKEN} and keeps their work for an hour when
 * their last desk drops. A test picks the agent's id, their SMS capacity and the offer timeout.
 */
record OneAgentGateway(String agent, int smsCapacity, Duration offerTimeout) {

  /** The agent's desk token. */
  static final String TOKEN = "alice-token";

  OneAgentGateway {
    requireNonNull(agent, "agent");
    requireNonNull(offerTimeout, "offerTimeout");
    if (smsCapacity <= 0) {
      throw new IllegalArgumentException("smsCapacity: " + smsCapacity + " (expected: > 0)");
    }
  }

  /** The agent {@code id}, 50 SMS at a time, offers open for 5 minutes. */
  static OneAgentGateway agent(String id) {
    return new OneAgentGateway(id, 50, Duration.ofMinutes(5));
  }

  OneAgentGateway withSmsCapacity(int capacity) {
    return new OneAgentGateway(agent, capacity, offerTimeout);
  }

  OneAgentGateway withOfferTimeout(Duration timeout) {
    return new OneAgentGateway(agent, smsCapacity, timeout);
  }

  String yaml() {
    String name = Character.toUpperCase(agent.charAt(0)) + agent.substring(1);
    return """
        admin: { tokens: ["admin-token"] }
        routing:
          offerTimeout: %ds
          disconnectGrace: 1h
          tiers:
            - { name: standard, firstResponse: 15m, nextResponse: 1h }
        agents:
          - { id: %s, name: %s, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
              capacity: { sms: %d, chat: 5, email: 5 } }
        """.formatted(offerTimeout.toSeconds(), agent, name, smsCapacity);
  }

  GatewayExtension extension() {
    return GatewayExtension.yaml(yaml()).adapters(new TestChannelAdapter(Channel.SMS)).build();
  }
}
