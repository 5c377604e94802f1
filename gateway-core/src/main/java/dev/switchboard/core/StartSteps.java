package dev.switchboard.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a gateway's start and how long each took, for the one line the gateway logs once it is
 * ready: where a slow start went, without a profiler. Used on the starting thread only.
 */
final class StartSteps {

  private record Step(String name, long millis) {}

  private final long began = System.nanoTime();
  private long last = began;
  private final List<Step> steps = new ArrayList<>();

  /** Ends the step named {@code name}, begun when the last one ended. */
  void done(String name) {
    long now = System.nanoTime();
    steps.add(new Step(name, (now - last) / 1_000_000));
    last = now;
  }

  /** Milliseconds since the start began, to the end of the last step. */
  long total() {
    return (last - began) / 1_000_000;
  }

  /** {@code store 812 ms, apis 95 ms, …}, in order. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(s.name()).append(' ').append(s.millis()).append(" ms");
    }
    return sb.toString();
  }
}
