package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Tags;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tags to add to and remove from one conversation, normalized ({@link Tags#normalize}, which throws
 * {@link IllegalArgumentException} for a bad one); a tag in both lists is added. {@code by} is who did it.
 */
public record TagChange(Set<String> add, Set<String> remove, String by) {

  public TagChange {
    add = normalized(add);
    remove = normalized(remove);
    remove.removeAll(add);
    add = Set.copyOf(add);
    remove = Set.copyOf(remove);
    requireNonNull(by, "by");
    if (add.isEmpty() && remove.isEmpty()) {
      throw new IllegalArgumentException("nothing to add or remove");
    }
  }

  public static TagChange of(Collection<String> add, Collection<String> remove, String by) {
    return new TagChange(Set.copyOf(add), Set.copyOf(remove), by);
  }

  private static Set<String> normalized(Set<String> tags) {
    Set<String> out = new TreeSet<>();
    for (String t : requireNonNull(tags, "tags")) {
      out.add(Tags.normalize(t));
    }
    return out;
  }
}
