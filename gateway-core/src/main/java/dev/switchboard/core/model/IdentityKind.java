package dev.switchboard.core.model;

/** What sort of address an {@link Identity} is. */
public enum IdentityKind {
  EMAIL, PHONE, CHAT_VISITOR
}
