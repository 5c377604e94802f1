package dev.switchboard.bench;

/** One benchmark command: runs bounded in time and count, logs progress to stderr, returns its result. */
public interface Scenario {

  String name();

  /** One line on the flags this scenario takes and their defaults. */
  String usage();

  ResultLine run(Flags flags) throws Exception;
}
