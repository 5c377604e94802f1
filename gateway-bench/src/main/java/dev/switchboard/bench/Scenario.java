package dev.switchboard.bench;

import java.util.List;

/** One benchmark command: runs bounded in time and count, logs progress to stderr, returns its result. */
public interface Scenario {

  String name();

  /** One line on the flags this scenario takes and their defaults. */
  String usage();

  ResultLine run(Flags flags) throws Exception;

  /** Every result of the run, the last one being {@link #run}'s; one unless a scenario compares several. */
  default List<ResultLine> runAll(Flags flags) throws Exception {
    return List.of(run(flags));
  }
}
