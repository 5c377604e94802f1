package dev.switchboard.core.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publish/subscribe. Listeners run on the publishing thread, so they must be quick and
 * non-blocking: hand work to your own executor or actor. A throwing listener is logged and skipped.
 */
public final class EventBus {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final List<Consumer<? super GatewayEvent>> listeners = new CopyOnWriteArrayList<>();

  /** Registers a listener; the returned handle removes it. */
  public AutoCloseable subscribe(Consumer<? super GatewayEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** How many listeners follow the bus: one that only grows across leadership terms is a leak. */
  public int subscribers() {
    return listeners.size();
  }

  public void publish(GatewayEvent event) {
    for (Consumer<? super GatewayEvent> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        log.error("Event listener {} failed on {}", l, event.getClass().getSimpleName(), e);
      }
    }
  }
}
