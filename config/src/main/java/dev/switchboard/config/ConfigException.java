package dev.switchboard.config;

import java.util.List;

/** A configuration file that cannot be used; {@link #problems()} lists everything wrong with it at once. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: [] (expected: at least one)");
    }
    StringBuilder b = new StringBuilder("invalid configuration, ")
        .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
    for (ConfigProblem p : problems) {
      b.append("\n  ").append(p);
    }
    return b.toString();
  }
}
