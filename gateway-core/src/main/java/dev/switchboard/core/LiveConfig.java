package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.GatewayConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The config in force. A reload swaps it at once and tells the listeners (routing, agents, contacts);
 * readers always see one whole config, never a mix.
 */
public final class LiveConfig implements Supplier<GatewayConfig> {

  private final AtomicReference<GatewayConfig> current;
  private final List<Consumer<GatewayConfig>> listeners = new CopyOnWriteArrayList<>();

  public LiveConfig(GatewayConfig initial) {
    this.current = new AtomicReference<>(requireNonNull(initial, "initial"));
  }

  @Override
  public GatewayConfig get() {
    return current.get();
  }

  /** Calls {@code listener} with every config applied from now on. */
  public void onChange(Consumer<GatewayConfig> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Makes {@code next} the config in force and tells the listeners, in the order they registered. */
  public void apply(GatewayConfig next) {
    current.set(requireNonNull(next, "next"));
    for (Consumer<GatewayConfig> l : listeners) {
      l.accept(next);
    }
  }
}
