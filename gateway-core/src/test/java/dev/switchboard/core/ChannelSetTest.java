package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.GatewayContext;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.Channel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which channels a gateway starts, and the order it starts and stops them in. */
class ChannelSetTest {

  @TempDir
  Path dir;

  private final List<String> log = new ArrayList<>();

  /** An adapter that records what is done to it; {@code configured}: whether its config section is present. */
  private final class Recording implements ChannelAdapter {
    private final Channel channel;
    private final boolean configured;
    private final boolean failsToStop;

    Recording(Channel channel, boolean configured, boolean failsToStop) {
      this.channel = channel;
      this.configured = configured;
      this.failsToStop = failsToStop;
    }

    @Override
    public Channel channel() {
      return channel;
    }

    @Override
    public boolean enabled(GatewayConfig config) {
      return configured;
    }

    @Override
    public void start(GatewayContext ctx) {
      log.add("start " + channel.key());
    }

    @Override
    public CompletionStage<Delivery> send(OutboundMessage message) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("not sent in this test"));
    }

    @Override
    public void stop() {
      log.add("stop " + channel.key());
      if (failsToStop) {
        throw new IllegalStateException("stop failed (test fault)");
      }
    }
  }

  private GatewayConfig config() {
    return ConfigLoader.parse("agents: []\n", "gateway.yaml", dir, Map.of());
  }

  @Test
  void startsOnlyTheConfiguredChannelsInOrderAndStopsThemInReverse() throws Exception {
    Recording email = new Recording(Channel.EMAIL, true, false);
    Recording sms = new Recording(Channel.SMS, false, false);
    Recording chat = new Recording(Channel.CHAT, true, false);
    ChannelSet set = new ChannelSet(List.of(email, sms, chat));
    List<ChannelAdapter> checked = new ArrayList<>();

    set.start(config(), null, checked::add);
    assertThat(set.started()).containsExactly(email, chat);
    assertThat(checked).containsExactly(email, chat);

    set.stop();
    assertThat(log).containsExactly("start email", "start chat", "stop chat", "stop email");
  }

  @Test
  void aChannelThatFailsToStopDoesNotKeepTheOthersRunning() throws Exception {
    Recording email = new Recording(Channel.EMAIL, true, false);
    Recording chat = new Recording(Channel.CHAT, true, true);
    ChannelSet set = new ChannelSet(List.of(email, chat));
    set.start(config(), null, a -> { });

    set.stop();
    assertThat(log).containsExactly("start email", "start chat", "stop chat", "stop email");
  }
}
