package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A desk's {@code resumeAfter} from before a gateway restart never matches the new process's frames. */
class DeskResumeAcrossRestartTest {

  static final String ALICE = OneAgentGateway.TOKEN;

  @RegisterExtension
  static final GatewayExtension gateway = OneAgentGateway.agent("alice").withOfferTimeout(Duration.ofSeconds(30)).extension();

  private static int numbers = 2000;

  private static JsonNode offerOf(DeskClient c, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals("offer")
        && f.path("conversationId").asText().equals(id.value()), "offer of " + id);
  }

  @Test
  void aResumeAfterFromBeforeARestartGetsAFreshReadyNotTheNewProcesssFrames() throws Exception {
    long before;
    ConversationId held;
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      held = gateway.inboundSms("before the restart");
      offerOf(alice, held);
      alice.send(frame("accept").put("conversationId", held.value()));
      alice.next("assigned");
      before = alice.lastSeq();
    }

    gateway.restart();

    try (DeskClient first = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      // the new process gives out numbers of its own before the old desk comes back
      for (int i = 0; i < 3; i++) {
        offerOf(first, gateway.inboundSms("after the restart " + i));
      }
      assertThat(first.lastSeq()).as("numbers after the restart").isGreaterThan(before);

      try (DeskClient back = DeskClient.connect(gateway.wsUri("/agent/ws"))) {
        back.send(frame("auth").put("token", ALICE).put("resumeAfter", before));
        JsonNode ready = back.next("ready");
        assertThat(ready.path("conversations").findValuesAsText("id")).contains(held.value());
        assertThat(ready.path("seq").asLong()).isGreaterThan(first.lastSeq());
        assertThat(ready.path("offers")).hasSize(3);
      }
    }
  }
}
