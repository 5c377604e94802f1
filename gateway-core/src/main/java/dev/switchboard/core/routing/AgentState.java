package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import java.util.List;

/** What an agent's desk shows on {@code ready}: presence, held conversations and open offers. */
public record AgentState(Presence presence, List<Conversation> conversations, List<RoutingDecision.Offer> offers) {
  public AgentState {
    requireNonNull(presence, "presence");
    conversations = List.copyOf(conversations);
    offers = List.copyOf(offers);
  }
}
