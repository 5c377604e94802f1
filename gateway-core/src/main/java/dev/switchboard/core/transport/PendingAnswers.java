package dev.switchboard.core.transport;

import java.util.ArrayDeque;

/**
 * The requests of one connection waiting for their answers to be written, in the order they arrived.
 * An answer that is ready early waits for the ones before it; the head's answer is written as soon as it
 * is ready, by whoever settles it, so nothing is queued twice. Touched only on the connection's event
 * loop, so it needs no lock: a future completed elsewhere hands its answer over to the loop first.
 */
final class PendingAnswers {

  /** One request's place in the line: what to do in its turn, once its answer is known. */
  static final class Place {
    private Runnable turn;

    /** Whether this place's answer is known (by the handler, a failure, or the deadline). */
    boolean settled() {
      return turn != null;
    }
  }

  private final ArrayDeque<Place> line = new ArrayDeque<>();

  /** A place at the end of the line, for the request that just arrived. */
  Place join() {
    Place place = new Place();
    line.add(place);
    return place;
  }

  /**
   * Settles {@code place} with what to do in its turn (write its answer, or upgrade), then runs every
   * turn at the head of the line that is settled. A place settles once; later calls are ignored.
   */
  void settle(Place place, Runnable turn) {
    if (place.settled()) {
      return;
    }
    place.turn = turn;
    while (!line.isEmpty() && line.peekFirst().settled()) {
      line.pollFirst().turn.run();
    }
  }

  /** How many requests wait for their answer to be written. */
  int waiting() {
    return line.size();
  }
}
