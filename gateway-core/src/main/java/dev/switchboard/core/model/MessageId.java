package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The time-ordered id of a {@link Message}, see {@link Ids}. */
public record MessageId(@JsonValue String value) implements Comparable<MessageId> {

  @JsonCreator
  public MessageId {
    requireNonNull(value, "value");
  }

  public static MessageId random() {
    return new MessageId(Ids.next());
  }

  @Override
  public int compareTo(MessageId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
