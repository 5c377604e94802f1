package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

/** The time-ordered id of a {@link Contact}, see {@link Ids}. */
public record ContactId(String value) implements Comparable<ContactId> {

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
