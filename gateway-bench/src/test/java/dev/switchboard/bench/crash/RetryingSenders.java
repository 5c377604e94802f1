package dev.switchboard.bench.crash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Customers' senders as a provider runs them: one thread per sender, one item at a time, and an item
 * that got no acknowledgement is sent again, with the same key, before anything new (a webhook retried by
 * Twilio, a mail posted again by its provider). Between kills the threads stop; the ledger of what was
 * acknowledged and what still waits survives them, so the next start takes up where the last one was cut.
 */
public final class RetryingSenders<T> {

  /** Makes item number {@code n} of {@code sender}. */
  public interface Writer<T> {
    T write(int sender, long n);
  }

  /** Sends one item; returns what its acknowledgement said, or empty when the gateway refused it. */
  public interface Attempt<T> {
    Optional<String> send(int sender, T item) throws IOException, InterruptedException;
  }

  private final int senders;
  private final Writer<T> writer;
  private final Function<T, String> key;
  private final String what;
  /** Per sender, in order: item number to item. Guarded by the list. */
  private final List<LinkedHashMap<Long, T>> unacked = new ArrayList<>();
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private final AtomicInteger written = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean writing = true;
  private volatile boolean running;
  private ExecutorService threads;

  /** {@code what} names the senders in a failure ("posting", "texting"). */
  public RetryingSenders(int senders, Writer<T> writer, Function<T, String> key, String what) {
    this.senders = senders;
    this.writer = writer;
    this.key = key;
    this.what = what;
    for (int i = 0; i < senders; i++) {
      unacked.add(new LinkedHashMap<>());
    }
  }

  /** Starts one thread per sender against the gateway just started. */
  public void begin(Attempt<T> attempt) {
    running = true;
    threads = Executors.newFixedThreadPool(senders);
    for (int i = 0; i < senders; i++) {
      int sender = i;
      threads.execute(() -> sendAway(sender, attempt));
    }
  }

  /** Stops the threads (the gateway is gone, so their requests fail at once). */
  public void stop() throws InterruptedException {
    running = false;
    if (threads != null) {
      threads.shutdown();
      if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(what + " threads still busy 30 s after the gateway stopped");
      }
    }
  }

  /** From now on only what waits for its acknowledgement is sent again; nothing new is written. */
  public void stopWriting() {
    writing = false;
  }

  /** Acknowledged items: key to what the acknowledgement said. */
  public Map<String, String> acknowledged() {
    return Map.copyOf(acked);
  }

  public int unacknowledged() {
    synchronized (unacked) {
      return unacked.stream().mapToInt(Map::size).sum();
    }
  }

  public int refused() {
    return refused.get();
  }

  private void sendAway(int sender, Attempt<T> attempt) {
    while (running) {
      Map.Entry<Long, T> next = next(sender);
      if (next == null) {
        return;
      }
      try {
        Optional<String> ack = attempt.send(sender, next.getValue());
        if (ack.isEmpty()) {
          refused.incrementAndGet();
          return; // kept unacknowledged: sent again after the next start
        }
        acked.put(key.apply(next.getValue()), ack.get());
        synchronized (unacked) {
          unacked.get(sender).remove(next.getKey());
        }
      } catch (IOException e) {
        return; // the gateway is gone; no acknowledgement, so nothing is promised for this item
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The oldest unacknowledged item of {@code sender}, or a new one while writing, or null. */
  private Map.Entry<Long, T> next(int sender) {
    synchronized (unacked) {
      LinkedHashMap<Long, T> waiting = unacked.get(sender);
      if (!waiting.isEmpty()) {
        return waiting.entrySet().iterator().next();
      }
      if (!writing) {
        return null;
      }
      long n = written.incrementAndGet();
      T item = writer.write(sender, n);
      waiting.put(n, item);
      return Map.entry(n, item);
    }
  }
}
