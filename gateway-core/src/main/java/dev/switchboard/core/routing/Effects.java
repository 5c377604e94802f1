package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversations the router holds open, as it last wrote them, and the effects of the command in
 * progress: the decisions for the agents and the conversations to save.
 */
final class Effects {

  private final Map<ConversationId, Conversation> open = new HashMap<>();
  private final List<RoutingDecision> decisions = new ArrayList<>();
  private final Map<ConversationId, Conversation> changed = new LinkedHashMap<>();
  private final List<RoutingDecision> resent = new ArrayList<>();

  Conversation open(ConversationId id) {
    return open.get(id);
  }

  boolean isOpen(ConversationId id) {
    return open.containsKey(id);
  }

  /** Keeps {@code c} as the open copy without saving it (what the store already holds, or needs no write). */
  void keep(Conversation c) {
    open.put(c.id(), c);
  }

  /** Keeps {@code c} and marks it to be saved. */
  Conversation save(Conversation c) {
    open.put(c.id(), c);
    changed.put(c.id(), c);
    return c;
  }

  /** The open copy with {@code stored}'s tags (kept, not saved: the store has them), or {@code stored}. */
  Conversation retagged(Conversation stored) {
    Conversation open = open(stored.id());
    if (open == null) {
      return stored;
    }
    Conversation c = open.withTags(stored.tags());
    keep(c);
    return c;
  }

  void close(ConversationId id) {
    open.remove(id);
  }

  void emit(RoutingDecision d) {
    decisions.add(d);
  }

  /**
   * Hands the listeners again a decision made (and counted) in an earlier step, whose frames were dropped
   * with a save that failed: it reaches them with the commit of this step's saves, and is not counted again.
   */
  void resend(RoutingDecision d) {
    resent.add(d);
  }

  List<RoutingDecision> drainResent() {
    List<RoutingDecision> out = List.copyOf(resent);
    resent.clear();
    return out;
  }

  List<RoutingDecision> drainDecisions() {
    List<RoutingDecision> out = List.copyOf(decisions);
    decisions.clear();
    return out;
  }

  List<Conversation> drainChanged() {
    List<Conversation> out = List.copyOf(changed.values());
    changed.clear();
    return out;
  }
}
