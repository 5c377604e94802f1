package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.ChatConfig;
import dev.switchboard.config.DataSize;
import dev.switchboard.core.testing.ChannelAdapterContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake contract for chat: one visitor's {@code message} frames on a real websocket; the {@code ack}
 * frame acknowledges, an {@code error} frame ({@code not_stored}) tells the widget to send it again.
 */
class ChatIntakeContractTest implements ChannelAdapterContract {

  @TempDir
  Path dir;

  private ChatHarness gw;
  private ChatClient visitor;

  @BeforeEach
  void start() throws Exception {
    gw = new ChatHarness(dir, new ChatConfig(List.of(ChatHarness.ALLOWED_ORIGIN), 4000, DataSize.ofKilobytes(64),
        600, Duration.ofSeconds(30), null, null, null));
    visitor = gw.connect();
    visitor.hello(null, null);
  }

  @AfterEach
  void stop() {
    if (visitor != null) {
      visitor.close();
    }
    gw.close();
  }

  @Override
  public SourceAnswer deliver(String key, String text) throws Exception {
    visitor.send(ChatClient.frame("message").put("text", text).put("clientId", key));
    JsonNode answer = visitor.next();
    return switch (answer.path("type").asText()) {
      case "ack" -> SourceAnswer.ACKNOWLEDGED;
      case "error" -> answer.path("code").asText().equals("not_stored") ? SourceAnswer.REFUSED
          : fail("unexpected refusal %s", answer);
      default -> fail("unexpected answer %s", answer);
    };
  }

  @Override
  public Path database() {
    return dir.resolve("switchboard.db");
  }
}
