package dev.switchboard.core.model;

/** Who wrote a message: the customer, an agent to the customer, or an agent for colleagues only. */
public enum Direction {
  IN, OUT, NOTE
}
