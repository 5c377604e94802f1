package dev.switchboard.core.routing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last waits (queue to accept) per tier, for the auto-reply's expected wait. */
final class RecentWaits {

  private static final int KEEP = 50;

  private final Map<String, Deque<Duration>> byTier = new HashMap<>();

  void record(String tier, Duration wait) {
    Deque<Duration> d = byTier.computeIfAbsent(tier, t -> new ArrayDeque<>());
    d.addLast(wait.isNegative() ? Duration.ZERO : wait);
    if (d.size() > KEEP) {
      d.removeFirst();
    }
  }

  /** The median of the recent waits of {@code tier}, or {@code fallback} before there are any. */
  Duration expected(String tier, Duration fallback) {
    Deque<Duration> d = byTier.get(tier);
    if (d == null || d.isEmpty()) {
      return fallback;
    }
    List<Duration> sorted = new ArrayList<>(d);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** "2 minutes", "1 hour", "3 hours": rounded up, never "0". */
  static String describe(Duration d) {
    long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
    if (minutes < 60) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    long hours = (minutes + 59) / 60;
    return hours + (hours == 1 ? " hour" : " hours");
  }
}
