package dev.switchboard.core.testing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.GatewayContext;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.model.Channel;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel adapter for tests: records every {@link OutboundMessage} it is asked to send and answers
 * with scripted outcomes ({@link #thenAnswer}), else {@code Sent("<channel>-<n>", false)}. A scripted
 * {@link RuntimeException} is thrown from {@code send}, as a broken adapter would.
 */
public final class TestChannelAdapter implements ChannelAdapter {

  private final Channel channel;
  private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
  private final Deque<Object> script = new ArrayDeque<>();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile GatewayContext context;
  private final List<Instant> sentAt = new CopyOnWriteArrayList<>();
  private volatile Optional<SendPace> pace = Optional.empty();
  private volatile CompletionStage<Void> gate = CompletableFuture.completedFuture(null);
  private volatile boolean quotesThread;
  private volatile boolean blocking;

  public TestChannelAdapter(Channel channel) {
    this.channel = requireNonNull(channel, "channel");
  }

  /** Queues the outcome of a later {@code send}: a {@link Delivery} or a {@link RuntimeException}. */
  public synchronized TestChannelAdapter thenAnswer(Object outcome) {
    if (!(outcome instanceof Delivery) && !(outcome instanceof RuntimeException)) {
      throw new IllegalArgumentException("outcome: " + outcome + " (expected: a Delivery or a RuntimeException)");
    }
    script.addLast(outcome);
    return this;
  }

  /** Every message {@code send} was called with, in order, retries included. */
  public List<OutboundMessage> sent() {
    return List.copyOf(sent);
  }

  /** When (by the system clock) each {@code send} was called, in the order of {@link #sent()}. */
  public List<Instant> sentAt() {
    return List.copyOf(sentAt);
  }

  /** Holds every later send's outcome until {@code gate} completes, as a provider that stops answering does. */
  public TestChannelAdapter holdingUntil(CompletionStage<Void> gate) {
    this.gate = requireNonNull(gate, "gate");
    return this;
  }

  /**
   * {@link #holdingUntil}, with every later {@code send} also holding its caller's thread until then (at most
   * 30 s), as a provider's blocking SDK call does: the outbox's sender threads stay busy with it.
   */
  public TestChannelAdapter blockingUntil(CompletionStage<Void> gate) {
    holdingUntil(gate);
    this.blocking = true;
    return this;
  }

  /** Asks the outbox for the conversation's earlier messages with each send, as e-mail does. */
  public TestChannelAdapter quotingThread() {
    this.quotesThread = true;
    return this;
  }

  @Override
  public boolean quotesThread() {
    return quotesThread;
  }

  /** Asks the outbox to pace this channel's sends. */
  public TestChannelAdapter paced(SendPace pace) {
    this.pace = Optional.of(pace);
    return this;
  }

  @Override
  public Optional<SendPace> pace() {
    return pace;
  }

  /** The context the gateway started this adapter with, or null before {@code start}. */
  public GatewayContext context() {
    return context;
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public boolean enabled(GatewayConfig config) {
    return true;
  }

  @Override
  public void start(GatewayContext ctx) {
    this.context = ctx;
  }

  @Override
  public CompletionStage<Delivery> send(OutboundMessage message) {
    synchronized (sentAt) {
      sent.add(message);
      sentAt.add(Instant.now());
    }
    Object next;
    synchronized (this) {
      next = script.pollFirst();
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    Delivery d = next != null ? (Delivery) next
        : new Delivery.Sent(channel.key() + "-" + counter.incrementAndGet(), false);
    if (blocking) {
      // The provider's call itself: the sender's thread waits in it, as with Twilio's SDK. On a copy, so that the
      // bound never completes the test's own gate.
      gate.toCompletableFuture().copy().orTimeout(30, TimeUnit.SECONDS).join();
    }
    return gate.thenApply(v -> d);
  }

  @Override
  public void stop() {
  }
}
