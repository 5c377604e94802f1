package dev.switchboard.core.routing;

import dev.switchboard.config.AutoReplyConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Direction;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement on a new conversation: an OUT message by {@code system} through the outbox, so
 * it leaves on the conversation's own channel. The fixed client id makes a repeat a no-op.
 */
final class AutoReply {

  static final String CLIENT_ID = "auto-reply";

  private static final Logger log = LoggerFactory.getLogger(AutoReply.class);

  private final dev.switchboard.core.store.ConversationStore store;
  private final EventBus events;

  AutoReply(dev.switchboard.core.store.ConversationStore store, EventBus events) {
    this.store = store;
    this.events = events;
  }

  static String text(AutoReplyConfig config, boolean open, Duration expectedWait) {
    return open ? config.text().replace("{expectedWait}", RecentWaits.describe(expectedWait)) : config.outsideHoursText();
  }

  void send(Conversation c, AutoReplyConfig config, boolean open, Duration expectedWait) {
    store.appendAgentMessage(c.id(), Direction.OUT, RoutingCore.SYSTEM_AUTHOR, text(config, open, expectedWait), CLIENT_ID)
        .whenComplete((m, err) -> {
          if (err != null) {
            log.error("Could not queue the auto-reply for {}", c.id(), err);
          } else {
            events.publish(new GatewayEvent.MessageAdded(c, m));
          }
        });
  }
}
