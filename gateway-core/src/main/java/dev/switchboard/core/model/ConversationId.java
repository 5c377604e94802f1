package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

/** The time-ordered id of a {@link Conversation}, see {@link Ids}. */
public record ConversationId(String value) implements Comparable<ConversationId> {

  public ConversationId {
    requireNonNull(value, "value");
  }

  public static ConversationId random() {
    return new ConversationId(Ids.next());
  }

  @Override
  public int compareTo(ConversationId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
