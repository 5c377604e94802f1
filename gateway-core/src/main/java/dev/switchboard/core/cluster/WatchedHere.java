package dev.switchboard.core.cluster;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.ConversationId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The chats whose visitor has a connection open on this node, as the chat channel said so on this node's
 * bus ({@code QueueWatched}: first connection opened, last one closed). Kept on every node, leader or not,
 * because the leader that needs them may be the next one: at a takeover it holds a roll call and each
 * node answers with these ({@link ClusterEvents#rollCall}).
 */
final class WatchedHere {

  private final Set<ConversationId> chats = ConcurrentHashMap.newKeySet();

  /** Called on the publisher's thread, under the visitor's lock (the chat channel publishes so). */
  void note(GatewayEvent.QueueWatched w) {
    if (w.watching()) {
      chats.add(w.conversationId());
    } else {
      chats.remove(w.conversationId());
    }
  }

  /**
   * Says every chat watched here again, as {@code QueueWatched(true)}, to {@code to}. A visitor who leaves
   * while this runs may have had their "left" said before our "watching": it is then said again after it,
   * so the last word on each chat is the visitor's.
   */
  int announce(Consumer<GatewayEvent.QueueWatched> to) {
    List<ConversationId> now = List.copyOf(chats);
    for (ConversationId id : now) {
      to.accept(new GatewayEvent.QueueWatched(id, true));
      if (!chats.contains(id)) {
        to.accept(new GatewayEvent.QueueWatched(id, false));
      }
    }
    return now.size();
  }
}
