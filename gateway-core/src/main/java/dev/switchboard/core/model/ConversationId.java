package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The time-ordered id of a {@link Conversation}, see {@link Ids}. */
public record ConversationId(@JsonValue String value) implements Comparable<ConversationId> {

  @JsonCreator
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
