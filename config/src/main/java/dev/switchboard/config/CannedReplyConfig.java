package dev.switchboard.config;

import java.util.List;

/**
 * A prepared answer an agent picks in the desk. {@code text} may hold the placeholders of
 * {@link #PLACEHOLDERS}, filled in for the conversation it is used in; {@code tiers} and {@code channels}
 * limit the conversations it is offered for (empty: all).
 */
public record CannedReplyConfig(
    @Required String id,
    @Required String title,
    @Required String text,
    List<String> tiers,
    List<String> channels) {

  /** The placeholders a text may use. */
  public static final List<String> PLACEHOLDERS = List.of("contact.name", "agent.name", "conversation.ref");

  public CannedReplyConfig {
    tiers = tiers == null ? List.of() : List.copyOf(tiers);
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** Whether this reply is offered for a conversation of {@code tier} on {@code channel}. */
  public boolean appliesTo(String tier, String channel) {
    return (tiers.isEmpty() || tiers.contains(tier)) && (channels.isEmpty() || channels.contains(channel));
  }
}
