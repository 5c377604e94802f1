package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.http.HttpRoutes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Settings for a {@link Gateway} ({@link Gateway#builder}); only the config is required. */
public final class GatewayBuilder {

  private final GatewayConfig config;
  private Path configFile;
  private Clock clock = Clock.systemUTC();
  private List<ChannelAdapter> adapters;
  private final List<Consumer<HttpRoutes>> extraRoutes = new ArrayList<>();

  GatewayBuilder(GatewayConfig config) {
    this.config = requireNonNull(config, "config");
  }

  /** The file to reload the config from ({@code POST /api/config/reload} and the watcher). */
  public GatewayBuilder configFile(Path file) {
    this.configFile = file;
    return this;
  }

  public GatewayBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /** The channel adapters to consider; by default every one {@link ServiceLoader} finds. */
  public GatewayBuilder adapters(List<ChannelAdapter> adapters) {
    this.adapters = List.copyOf(adapters);
    return this;
  }

  /** Mounts more routes (the agent console page, say) when the gateway starts. */
  public GatewayBuilder routes(Consumer<HttpRoutes> mount) {
    extraRoutes.add(requireNonNull(mount, "mount"));
    return this;
  }

  public Gateway build() {
    return new Gateway(this);
  }

  GatewayConfig config() {
    return config;
  }

  /** The config's file, or {@code null} when it was given in code. */
  Path configFile() {
    return configFile;
  }

  Clock clock() {
    return clock;
  }

  /** The adapters given, else every one on the class path. */
  List<ChannelAdapter> adapters() {
    return adapters != null ? adapters : ChannelSet.discovered();
  }

  List<Consumer<HttpRoutes>> extraRoutes() {
    return List.copyOf(extraRoutes);
  }
}
