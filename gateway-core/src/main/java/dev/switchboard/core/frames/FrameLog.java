package dev.switchboard.core.frames;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One party's stream of server frames (an agent's desks, a visitor's tabs) over any number of open
 * connections: it numbers every frame with the next {@code seq}, keeps the recent broadcast frames for a
 * reconnect's {@code resumeAfter}, and sends each to every attached connection.
 *
 * <p>Semantics, the same for both websockets:
 * <ul>
 *   <li>Every frame a connection receives has a higher {@code seq} than the one before it on that
 *       connection. A frame sent again (a resume, or what was broadcast while a connection loaded its
 *       first state) gets a new number; the log keeps the number it was first broadcast with.</li>
 *   <li>{@code resumeAfter} is resumable when this log gave out that number and every broadcast frame
 *       after it is still kept; the connection then gets exactly those frames. Otherwise (older than
 *       the kept window, a number from before a restart, or one never given out) nothing is replayed
 *       and the caller sends its full state ({@code ready}, the history) through {@link #attach}.</li>
 *   <li>The counter starts at the log's creation time in microseconds since the epoch, so numbers from
 *       an earlier process (or an evicted log) are below every number this log accepts: an old
 *       {@code resumeAfter} gets the full state, never someone else's frames. This holds while a log
 *       gives out fewer than one number per microsecond on average and the clock does not go back
 *       across a restart; the numbers stay below 2<sup>53</sup>, exact in JavaScript, until the year
 *       2255.</li>
 *   <li>A frame with an {@link Identity} that a connection's state showed (the state was read after the
 *       thing it shows was made, but before its broadcast came) is not sent to that connection again:
 *       neither replayed by {@link #attach} nor sent live by {@link #broadcast}. It is still kept, so a
 *       resume from before it gets it.</li>
 * </ul>
 *
 * <p>Connections live on different event loops, so every method locks; none blocks (an outlet only
 * queues).
 *
 * @param <F> the frame type; {@link Encoder} turns one into text with a given {@code seq}
 */
public final class FrameLog<F> {

  /** Where the frames to one connection go; must only queue. */
  @FunctionalInterface
  public interface Outlet {
    void deliver(String encodedFrame);
  }

  /** Encodes a frame with its {@code seq}; called under the log's lock, possibly more than once per frame. */
  @FunctionalInterface
  public interface Encoder<F> {
    String encode(F frame, long seq);
  }

  /** What a frame shows, when it may also be part of a connection's state (a message's id); null when nothing. */
  @FunctionalInterface
  public interface Identity<F> {
    Identity<Object> NONE = frame -> null;

    String of(F frame);
  }

  /**
   * How many identities of a state's last frames an attached connection remembers. A broadcast that races a
   * state read is one of the moments around the read, so the state's latest frames are the ones it can repeat;
   * an idle connection holds only these few ids.
   */
  static final int STATE_IDS_KEPT = 32;

  /** How many broadcast frames are kept, and for how long. */
  public record Retention(int maxFrames, Duration maxAge) {
    /** A {@code maxAge} meaning no age limit. */
    public static final Duration NO_AGE_LIMIT = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    public Retention {
      if (maxFrames < 0) {
        throw new IllegalArgumentException("maxFrames: " + maxFrames + " (expected: >= 0)");
      }
      requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: >= 0)");
      }
    }

    /** The last {@code maxFrames} frames, however old. */
    public static Retention lastFrames(int maxFrames) {
      return new Retention(maxFrames, NO_AGE_LIMIT);
    }
  }

  /** A broadcast frame kept for resumes; {@code at} is null in a log without an age limit, which never reads it. */
  private record Kept<F>(long seq, Instant at, F frame) {}

  private final Encoder<F> encoder;
  private final Identity<? super F> identity;
  private final Retention retention;
  private final boolean ageLimited;
  private final Clock clock;
  private final ArrayDeque<Kept<F>> kept = new ArrayDeque<>();
  /** The attached connections, each with the identities its state showed (empty for most). */
  private final Map<Outlet, Set<String>> outlets = new LinkedHashMap<>();
  /** How many attached connections have a non-empty set of identities: broadcast asks none while zero. */
  private int outletsWithIds;
  private long seq;
  private long evictedUpTo;

  /** A log whose numbers start above every number an earlier log (or process) could have given out. */
  public FrameLog(Encoder<F> encoder, Retention retention, Clock clock) {
    this(encoder, Identity.NONE, retention, clock);
  }

  /** As {@link #FrameLog(Encoder, Retention, Clock)}, and a frame {@code identity} shows is sent at most once to a connection. */
  public FrameLog(Encoder<F> encoder, Identity<? super F> identity, Retention retention, Clock clock) {
    this.encoder = requireNonNull(encoder, "encoder");
    this.identity = requireNonNull(identity, "identity");
    this.retention = requireNonNull(retention, "retention");
    this.ageLimited = !retention.maxAge().equals(Retention.NO_AGE_LIMIT);
    this.clock = requireNonNull(clock, "clock");
    Instant now = clock.instant();
    this.seq = Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1000;
    this.evictedUpTo = seq;
  }

  /** The last number given out: a connection that reads its state now gets what is broadcast after it through {@link #attach}. */
  public synchronized long mark() {
    return seq;
  }

  /** Whether {@code resumeAfter} is a number this log gave out and every broadcast after it is still kept. */
  public synchronized boolean resumable(long resumeAfter) {
    prune();
    return resumeAfter >= evictedUpTo && resumeAfter <= seq;
  }

  /** Sends a frame to one connection only (an answer, an error): numbered, not kept. */
  public synchronized void sendTo(Outlet outlet, F frame) {
    outlet.deliver(encoder.encode(frame, ++seq));
  }

  /** Sends a frame to every attached connection but {@code except} (may be null) and keeps it; returns how many got it. */
  public synchronized int broadcast(F frame, Outlet except) {
    long s = ++seq;
    // A log without an age limit never reads the time a frame was kept: no clock read, no Instant per frame.
    kept.addLast(new Kept<>(s, ageLimited ? clock.instant() : null, frame));
    prune();
    if (outlets.isEmpty() || (outlets.size() == 1 && outlets.containsKey(except))) {
      return 0;
    }
    String id = outletsWithIds == 0 ? null : identity.of(frame);
    String encoded = null;
    int n = 0;
    for (Map.Entry<Outlet, Set<String>> o : outlets.entrySet()) {
      if (o.getKey() == except) {
        continue;
      }
      n++;
      if (id != null && shownBefore(o, id)) {
        continue; // its state showed it: it counts as got
      }
      if (encoded == null) {
        encoded = encoder.encode(frame, s);
      }
      o.getKey().deliver(encoded);
    }
    return n;
  }

  /** Whether the connection's state showed {@code id}; forgets it then, as it is broadcast once. */
  private boolean shownBefore(Map.Entry<Outlet, Set<String>> outlet, String id) {
    Set<String> ids = outlet.getValue();
    if (ids.isEmpty() || !ids.remove(id)) {
      return false;
    }
    if (ids.isEmpty()) {
      outlet.setValue(Set.of());
      outletsWithIds--;
    }
    return true;
  }

  /** Sends a frame to every attached connection without keeping it (typing: stale once missed). */
  public synchronized void pushTransient(F frame) {
    if (outlets.isEmpty()) {
      return;
    }
    String encoded = encoder.encode(frame, ++seq);
    for (Outlet o : outlets.keySet()) {
      o.deliver(encoded);
    }
  }

  /**
   * Resumes a connection: sends {@code lead} (e.g. a welcome), then every kept frame after
   * {@code resumeAfter}, and attaches it. When {@code resumeAfter} is not {@link #resumable} nothing is
   * sent, the connection is not attached, and the answer is false: send the full state with {@link #attach}.
   */
  public boolean resume(Outlet outlet, List<? extends F> lead, long resumeAfter) {
    // The same steps as attaching with a state read at resumeAfter: the lead stands in for the state.
    return attach(outlet, lead, resumeAfter);
  }

  /**
   * Attaches a connection with its full state: sends {@code state} (read when the log stood at
   * {@code mark}), then the frames broadcast after {@code mark}, then live frames; one lock, so no
   * broadcast slips between. False, with nothing sent and the connection not attached, when frames
   * after {@code mark} are no longer kept: read the state again with a new mark. A frame whose
   * {@link Identity} the state shows is neither replayed nor, later, broadcast to this connection.
   */
  public synchronized boolean attach(Outlet outlet, List<? extends F> state, long mark) {
    if (!resumable(mark)) {
      return false;
    }
    Set<String> ids = idsOf(state);
    send(outlet, state);
    replayAfter(outlet, mark, ids);
    detach(outlet); // attached again: its old ids go
    outlets.put(outlet, ids);
    if (!ids.isEmpty()) {
      outletsWithIds++;
    }
    return true;
  }

  /** Detaches a connection; true when none is left. */
  public synchronized boolean detach(Outlet outlet) {
    Set<String> ids = outlets.remove(outlet);
    if (ids != null && !ids.isEmpty()) {
      outletsWithIds--;
    }
    return outlets.isEmpty();
  }

  public synchronized int connections() {
    return outlets.size();
  }

  private void send(Outlet outlet, List<? extends F> frames) {
    for (F f : frames) {
      outlet.deliver(encoder.encode(f, ++seq));
    }
  }

  /** The identities of the last {@link #STATE_IDS_KEPT} frames of {@code state} that have one. */
  private Set<String> idsOf(List<? extends F> state) {
    Set<String> ids = null;
    for (int i = state.size() - 1, left = STATE_IDS_KEPT; i >= 0 && left > 0; i--) {
      String id = identity.of(state.get(i));
      if (id != null) {
        if (ids == null) {
          ids = new HashSet<>();
        }
        ids.add(id);
        left--;
      }
    }
    return ids == null ? Set.of() : ids;
  }

  private void replayAfter(Outlet outlet, long after, Set<String> shownInState) {
    for (Kept<F> k : List.copyOf(kept)) {
      if (k.seq() > after && (shownInState.isEmpty() || !shownInState.contains(identity.of(k.frame())))) {
        outlet.deliver(encoder.encode(k.frame(), ++seq));
      }
    }
  }

  private void prune() {
    Instant oldest = ageLimited ? clock.instant().minus(retention.maxAge()) : null;
    while (!kept.isEmpty()
        && (kept.size() > retention.maxFrames() || (oldest != null && kept.peekFirst().at().isBefore(oldest)))) {
      evictedUpTo = kept.removeFirst().seq();
    }
  }
}
