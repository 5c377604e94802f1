package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The time-ordered id of a {@link Contact}, see {@link Ids}. */
public record ContactId(@JsonValue String value) implements Comparable<ContactId> {

  @JsonCreator
  public ContactId {
    requireNonNull(value, "value");
  }

  public static ContactId random() {
    return new ContactId(Ids.next());
  }

  @Override
  public int compareTo(ContactId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
