package dev.switchboard.core.continuity;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Message;
import java.util.List;
import java.util.function.Function;

/** The mail or text that carries a chat's missed replies to a visitor who left. */
record ForwardText(String subject, String body) {

  /** Longest reply quoted whole in an SMS; longer ones are cut with an ellipsis. */
  static final int SMS_QUOTE = 300;

  static ForwardText of(Conversation chat, List<Message> replies, Function<String, String> agentName,
      Channel channel, java.net.URI reopen) {
    StringBuilder b = new StringBuilder();
    if (channel == Channel.SMS) {
      for (Message m : replies) {
        String text = m.text().length() > SMS_QUOTE ? m.text().substring(0, SMS_QUOTE) + "…" : m.text();
        b.append(agentName.apply(m.author())).append(" (support chat): ").append(text).append('\n');
      }
      b.append("Reply to this text, or reopen the chat: ").append(reopen);
      return new ForwardText(null, b.toString());
    }
    b.append("You left our support chat before we could answer. Here is what we wrote:\n\n");
    for (Message m : replies) {
      b.append(agentName.apply(m.author())).append(":\n");
      for (String line : m.text().split("\n", -1)) {
        b.append("> ").append(line).append('\n');
      }
      b.append('\n');
    }
    b.append("Answer this e-mail to go on with the same conversation (ref ").append(chat.ref()).append("),\n")
        .append("or reopen the chat on any device within a week: ").append(reopen).append('\n');
    return new ForwardText("Your support chat " + chat.ref(), b.toString());
  }
}
