package dev.switchboard.chat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.store.CsatSurveys;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A visitor's satisfaction answer on the chat: taken only for a conversation of theirs (its thread is the
 * visitor's own id) with an open survey; the first answer stands, and every tab of the visitor hears it
 * is stored. Made per answer: an idle connection holds none.
 */
final class VisitorCsat {

  private static final Logger log = LoggerFactory.getLogger(VisitorCsat.class);

  private final ChatRuntime rt;
  private final ChatConnection connection;
  private final VisitorState visitor;

  VisitorCsat(ChatRuntime rt, ChatConnection connection, VisitorState visitor) {
    this.rt = rt;
    this.connection = connection;
    this.visitor = visitor;
  }

  void answer(ClientFrame.Csat answer) {
    ConversationId id = new ConversationId(answer.conversationId());
    String visitorId = visitor.visitorId();
    rt.store().conversation(id).thenCompose(conv -> {
      if (conv.isEmpty() || conv.get().channel() != Channel.CHAT || !conv.get().threadKey().equals(visitorId)) {
        return CompletableFuture.completedFuture((CsatSurveys.Answered) null); // not theirs: as if never asked
      }
      return rt.csat().answerChat(id, answer.score(), Optional.ofNullable(answer.comment()));
    }).whenComplete(connection.onLoop((answered, failure) -> {
      if (failure != null) {
        log.warn("CSAT answer from session {} was not stored", connection.sessionId(), failure);
        connection.error("not_stored", "Your answer was not saved; please send it again.", null);
        return;
      }
      CsatSurveys.Outcome outcome = answered == null ? CsatSurveys.Outcome.NOT_ASKED : answered.outcome();
      switch (outcome) {
        case RECORDED -> visitor.broadcast(new ServerFrame.CsatRecorded(answer.conversationId(), answer.score()), null);
        case REPEATED, ALREADY_ANSWERED -> connection.error("csat_answered", "This survey was answered already; thank you.", null);
        case EXPIRED -> connection.error("csat_expired", "This survey has closed.", null);
        case NOT_ASKED -> {
          if (answered == null) {
            rt.csat().refused(Channel.CHAT);
          }
          connection.error("csat_not_asked", "No survey is open on that conversation.", null);
        }
      }
    }));
  }
}
