package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.LogCapture;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A routing term ends (here: the gateway stops) while the desk's team view has a read due: the read is not
 * made, so the closed router does not show up as a warning in the operator's log.
 */
class TeamFeedCloseTest {

  private static final Duration INTERVAL = Duration.ofSeconds(2);

  @Test
  void aTeamReadDueWhenTheTermEndsIsNotMadeNorWarnedAbout() throws Exception {
    GatewayExtension gateway = GatewayExtension.yaml("""
        routing:
          teamViewInterval: %dms
          tiers:
            - { name: standard, firstResponse: 15m, nextResponse: 1h }
          rules:
            - { tier: standard }
        agents:
          - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
              supervisor: true, capacity: { sms: 5, chat: 5, email: 5 } }
        """.formatted(INTERVAL.toMillis())).adapters(new TestChannelAdapter(Channel.SMS)).build();
    try (LogCapture logs = LogCapture.start()) {
      gateway.start();
      try (DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), TeamDeskTest.SAM)) {
        // The sign-in and this change come within one interval of the start's read: a read is now due.
        sam.send(frame("presence").put("status", "away"));
        gateway.inboundSms("Is anyone there?");
      } finally {
        gateway.stop();
      }
      // Past the time the due read would have run, and then some: never a warning about it.
      await().during(INTERVAL.plusMillis(500)).atMost(INTERVAL.plusSeconds(5))
          .until(() -> logs.lines().stream().noneMatch(line -> line.contains("Could not read the team's state")));
    } finally {
      gateway.afterAll(null);
    }
  }
}
