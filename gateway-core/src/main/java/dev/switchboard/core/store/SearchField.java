package dev.switchboard.core.store;

import java.util.Locale;

/** Where a search found a conversation. */
public enum SearchField {
  MESSAGE, SUBJECT, CONTACT_NAME, IDENTITY;

  /** The JSON spelling: {@code message}, {@code subject}, {@code contact_name}, {@code identity}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
