package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Tags;

/** What {@link ConversationStore#retag} did: the tags changed, or nothing did because there would be too many. */
public sealed interface TagOutcome {

  /** The change is stored; {@code conversation} carries its tags as they now are. */
  record Tagged(Conversation conversation) implements TagOutcome {
    public Tagged {
      requireNonNull(conversation, "conversation");
    }
  }

  /** Nothing changed: the conversation would carry {@code wouldHave} tags, over {@link Tags#MAX_PER_CONVERSATION}. */
  record TooMany(int wouldHave) implements TagOutcome {}
}
