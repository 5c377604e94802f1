package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Message;
import java.util.List;

/** What a sweep of held delivery updates did: the messages it moved, and how many old updates it dropped. */
public record HeldUpdates(List<Message> applied, int dropped) {
  public HeldUpdates {
    applied = List.copyOf(requireNonNull(applied, "applied"));
    if (dropped < 0) {
      throw new IllegalArgumentException("dropped: " + dropped + " (expected: >= 0)");
    }
  }
}
