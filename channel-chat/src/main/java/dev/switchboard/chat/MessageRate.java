package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chat's message rate limit, per visitor: one token bucket ({@code perWindow} tokens refilling evenly
 * over {@code window}) per visitor id, shared by all that visitor's connections and tabs, so opening more
 * sockets with one token buys no more messages.
 *
 * <p>Memory stays bounded without a sweeper thread: a bucket untouched for a whole window has refilled and
 * is indistinguishable from a new one, so it is dropped on the next call; past {@code maxVisitors} the
 * least recently used bucket goes too. Dropping one early only forgives that visitor part of a minute,
 * which anyone can already get by minting a new token. Connections of one visitor run on different event
 * loops, hence the lock; it is held for a map lookup and a few arithmetic operations.
 */
final class MessageRate {

  static final int DEFAULT_MAX_VISITORS = 100_000;

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }

  private final Clock clock;
  private final double capacity;
  private final double tokensPerNano;
  private final long windowNanos;
  private final int maxVisitors;
  /** In access order: the eldest entry is the one used longest ago. */
  private final LinkedHashMap<String, Bucket> buckets;

  MessageRate(Clock clock, int perWindow, Duration window, int maxVisitors) {
    this.clock = requireNonNull(clock, "clock");
    if (perWindow < 1) {
      throw new IllegalArgumentException("perWindow: " + perWindow + " (expected: > 0)");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
    }
    if (maxVisitors < 1) {
      throw new IllegalArgumentException("maxVisitors: " + maxVisitors + " (expected: > 0)");
    }
    this.capacity = perWindow;
    this.windowNanos = window.toNanos();
    this.tokensPerNano = perWindow / (double) windowNanos;
    this.maxVisitors = maxVisitors;
    this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > MessageRate.this.maxVisitors;
      }
    };
  }

  /** The chat's limit: {@code perMinute} messages a minute per visitor. */
  static MessageRate perMinute(Clock clock, int perMinute) {
    return new MessageRate(clock, perMinute, Duration.ofMinutes(1), DEFAULT_MAX_VISITORS);
  }

  /** Takes one of the visitor's tokens if there is one. */
  synchronized boolean tryAcquire(String visitorId) {
    long now = nowNanos();
    forgetRefilled(now);
    Bucket b = buckets.get(visitorId);
    if (b == null) {
      b = new Bucket(capacity, now);
      buckets.put(visitorId, b);
    } else if (now > b.lastNanos) {
      b.tokens = Math.min(capacity, b.tokens + (now - b.lastNanos) * tokensPerNano);
      b.lastNanos = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /** How many visitors have a bucket that is not yet full again. */
  synchronized int tracked() {
    forgetRefilled(nowNanos());
    return buckets.size();
  }

  /** Drops, from the least recently used on, every bucket untouched for a window: it is full again. */
  private void forgetRefilled(long now) {
    Iterator<Bucket> it = buckets.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().lastNanos < windowNanos) {
        return;
      }
      it.remove();
    }
  }

  private long nowNanos() {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
