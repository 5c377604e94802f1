package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.store.ConversationStore;
import java.time.Clock;

/** What every chat connection shares: the gateway's services, the visitor sessions and the limits. */
record ChatRuntime(
    Ingest ingest,
    ConversationStore store,
    EventBus events,
    Clock clock,
    Visitors visitors,
    ChatMetrics metrics,
    ClientFrameParser parser,
    MessageRate messageRate,
    VisitorMessages messages,
    ReplyPushes replies,
    dev.switchboard.core.csat.Csat csat,
    ChatReopen reopen,
    LoopHops loops) {

  ChatRuntime {
    requireNonNull(ingest, "ingest");
    requireNonNull(store, "store");
    requireNonNull(events, "events");
    requireNonNull(clock, "clock");
    requireNonNull(visitors, "visitors");
    requireNonNull(metrics, "metrics");
    requireNonNull(parser, "parser");
    requireNonNull(messageRate, "messageRate");
    requireNonNull(messages, "messages");
    requireNonNull(replies, "replies");
    requireNonNull(csat, "csat");
    requireNonNull(reopen, "reopen");
    requireNonNull(loops, "loops");
  }
}
