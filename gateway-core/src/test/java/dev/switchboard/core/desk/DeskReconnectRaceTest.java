package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reload: the agent's old desk closes while their new desk signs in, on another event loop. The old
 * desk's close is held between its detach (their last desk) and telling the router, while the new desk
 * signs in; the router must still end with the agent connected, and offers must reach the new desk.
 */
class DeskReconnectRaceTest {

  static final String CAROL = OneAgentGateway.TOKEN;

  @RegisterExtension
  static final GatewayExtension gateway = OneAgentGateway.agent("carol").withSmsCapacity(10).extension();

  @AfterEach
  void noHook() {
    AgentLine.beforeGone = agent -> { };
  }

  private static boolean carolConnected() {
    return gateway.gateway().router().agents().toCompletableFuture().orTimeout(10, SECONDS).join().stream()
        .anyMatch(a -> a.id().equals("carol") && a.connected());
  }

  private static boolean isReady(JsonNode f) {
    return f.path("type").asText().equals("ready");
  }

  @Test
  void aNewDeskSigningInWhileTheOldOneClosesKeepsTheAgentOnline() throws InterruptedException {
    DeskClient old = DeskClient.signIn(gateway.wsUri("/agent/ws"), CAROL);
    try (DeskClient fresh = DeskClient.connect(gateway.wsUri("/agent/ws"))) {
      CountDownLatch held = new CountDownLatch(1);
      AgentLine.beforeGone = agent -> {
        // the new desk signs in now; give its ready up to 3 s (it cannot come while the close holds the
        // line: then the close reaches the router first)
        try {
          fresh.send(frame("auth").put("token", CAROL));
          long deadline = System.nanoTime() + SECONDS.toNanos(3);
          while (System.nanoTime() < deadline && fresh.drain(Duration.ofMillis(100)).stream()
              .noneMatch(DeskReconnectRaceTest::isReady)) {
            // waiting for ready
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          held.countDown();
        }
      };
      old.close();
      assertThat(held.await(20, SECONDS)).as("the old desk's close reached the hook").isTrue();
      if (fresh.seen().stream().noneMatch(DeskReconnectRaceTest::isReady)) {
        fresh.next("ready");
      }

      // the close, whenever the router took it, must not leave carol offline behind her open desk
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(DeskReconnectRaceTest::carolConnected);
      ConversationId id = gateway.inboundSms("after the reload");
      fresh.next(f -> f.path("type").asText().equals("offer")
          && f.path("conversationId").asText().equals(id.value()), "offer of " + id);
    }
  }
}
