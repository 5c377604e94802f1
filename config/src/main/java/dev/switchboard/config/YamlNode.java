package dev.switchboard.config;

import java.util.List;
import java.util.Map;

/** A YAML value that remembers where it was written, so every problem can name its line and column. */
sealed interface YamlNode {

  Mark mark();

  /** What the node is, for "expected a list, got a mapping". */
  String describe();

  /** A 1-based place in the file. */
  record Mark(int line, int column) {
    static final Mark NOWHERE = new Mark(0, 0);
  }

  /** A scalar; {@code text} is {@code null} for YAML's null ({@code ~}, {@code null} or nothing). */
  record Scalar(String text, Mark mark) implements YamlNode {
    boolean isNull() {
      return text == null;
    }

    @Override
    public String describe() {
      return isNull() ? "nothing" : "a single value";
    }
  }

  record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A mapping in file order; keys are unique (the reader reports duplicates). */
  record Mapping(Map<String, Entry> entries, Mark mark) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping, with the key's own place. */
  record Entry(String key, Mark keyMark, YamlNode value) {}
}
