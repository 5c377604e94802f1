package dev.switchboard.core.store;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** Stretches of time each agent could be offered work, for the staffing report. */
public interface Presence {

  /**
   * Records that {@code agent} became able to take work (a stretch of presence begins at {@code at}) or
   * stopped (the open stretch ends). Beginning while a stretch is open, or ending when none is, changes nothing.
   */
  CompletionStage<Void> record(String agent, boolean available, Instant at);

  /** Ends every open stretch of presence at {@code at}, and returns how many there were. */
  CompletionStage<Integer> endAll(Instant at);
}
