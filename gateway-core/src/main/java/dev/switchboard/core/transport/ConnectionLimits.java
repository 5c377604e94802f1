package dev.switchboard.core.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections, in total and per remote address, and says which new ones are over a cap.
 * A slot is taken when a connection is accepted and given back when it closes.
 */
final class ConnectionLimits {

  /** Why a connection was refused; a tag of {@code switchboard.http.connections.refused}. */
  enum Refusal {
    TOTAL("total"), PER_ADDRESS("per_address");

    final String tag;

    Refusal(String tag) {
      this.tag = tag;
    }
  }

  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  ConnectionLimits(int maxTotal, int maxPerAddress, MeterRegistry meters) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
    this.meters = meters;
    Gauge.builder("switchboard.http.connections.open", total, AtomicInteger::get)
        .description("Open HTTP and websocket connections").register(meters);
  }

  /** Takes a slot for {@code ch} (given back when it closes), or names the cap it would exceed. */
  Optional<Refusal> admit(SocketChannel ch) {
    InetAddress address = ((InetSocketAddress) ch.remoteAddress()).getAddress();
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return refused(Refusal.TOTAL);
    }
    AtomicInteger mine = perAddress.compute(address, (a, n) -> {
      AtomicInteger c = n == null ? new AtomicInteger() : n;
      c.incrementAndGet();
      return c;
    });
    if (mine.get() > maxPerAddress) {
      release(address);
      return refused(Refusal.PER_ADDRESS);
    }
    ch.closeFuture().addListener(f -> release(address));
    return Optional.empty();
  }

  private void release(InetAddress address) {
    total.decrementAndGet();
    perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
  }

  private Optional<Refusal> refused(Refusal why) {
    Counter.builder("switchboard.http.connections.refused")
        .description("Connections refused because a connection cap was reached, by cap")
        .tag("cap", why.tag)
        .register(meters)
        .increment();
    return Optional.of(why);
  }
}
