package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JMH options used when none are given: one fork. Iterations are set per benchmark class by annotations,
 * sized so that {@code jmh} with no options finishes in about two minutes on two cores.
 */
final class JmhDefaults {

  static final List<String> DEFAULTS = List.of("-f", "1");

  private JmhDefaults() {}

  /** The given options, preceded by the defaults when none are given (JMH: a later option wins). */
  static String[] withDefaults(String[] args) {
    List<String> all = new ArrayList<>();
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("-"))) {
      all.addAll(DEFAULTS);
    }
    all.addAll(Arrays.asList(args));
    return all.toArray(String[]::new);
  }
}
