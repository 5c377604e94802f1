package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The problems found in one file, and what is needed to locate later ones: where each key path was
 * written, and which path each bound record came from.
 */
final class Diagnostics {

  private final String source;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, YamlNode.Mark> valueMarks = new HashMap<>();
  private final Map<Object, String> recordPaths = new IdentityHashMap<>();

  Diagnostics(String source) {
    this.source = source;
  }

  void report(YamlNode.Mark at, String path, String message) {
    problems.add(new ConfigProblem(source, at.line(), at.column(), path, message));
  }

  /** Reports at the place {@code path} was written, or at its nearest written ancestor. */
  void report(String path, String message) {
    report(locate(path), path, message);
  }

  void written(String path, YamlNode.Mark at) {
    valueMarks.putIfAbsent(path, at);
  }

  boolean isWritten(String path) {
    return valueMarks.containsKey(path);
  }

  void bound(Object record, String path) {
    recordPaths.put(record, path);
  }

  /** The path a record was bound from, or {@code fallback} for a record the file did not write. */
  String pathOf(Object record, String fallback) {
    return recordPaths.getOrDefault(record, fallback);
  }

  YamlNode.Mark locate(String path) {
    String p = path;
    while (true) {
      YamlNode.Mark at = valueMarks.get(p);
      if (at != null) {
        return at;
      }
      if (p.isEmpty()) {
        return YamlNode.Mark.NOWHERE;
      }
      p = ConfigPath.parent(p);
    }
  }

  int count() {
    return problems.size();
  }

  boolean hasProblem(Predicate<String> path) {
    return problems.stream().anyMatch(p -> path.test(p.path()));
  }

  List<ConfigProblem> sorted() {
    List<ConfigProblem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return out;
  }
}
