package dev.switchboard.bench.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks on agents' replies every channel shares: each reply the desk acknowledged is stored once,
 * as the message it was acknowledged with, and the outbox sent every reply (none left waiting, none
 * failed or dead). What reached the provider is the channel's own check.
 */
public final class Replies {

  private Replies() {}

  /** Checks the replies of {@code channel} and returns them, by stored message id. */
  public static Map<String, CrashStore.Row> checkStoredOnceAndSent(CrashStore store, String channel, DeskAgent agent)
      throws SQLException {
    return checkStoredOnceAndSent(store, List.of(channel), agent);
  }

  /** The same over several channels, for an agent who answers on each of them. */
  public static Map<String, CrashStore.Row> checkStoredOnceAndSent(CrashStore store, List<String> channels,
      DeskAgent agent) throws SQLException {
    List<CrashStore.Row> out = new java.util.ArrayList<>();
    for (String channel : channels) {
      out.addAll(store.messages(channel, "OUT"));
    }
    Map<String, Long> perClientId = out.stream().collect(Collectors.groupingBy(CrashStore.Row::clientId,
        Collectors.counting()));
    assertThat(perClientId).as("replies stored per client id").allSatisfy((clientId, n) -> assertThat(n).isOne());
    Map<String, CrashStore.Row> byId = out.stream().collect(Collectors.toMap(CrashStore.Row::id, r -> r));
    agent.acknowledged().forEach((clientId, messageId) -> assertThat(byId.get(messageId))
        .as("reply %s acknowledged as %s", clientId, messageId).isNotNull()
        .extracting(CrashStore.Row::clientId).isEqualTo(clientId));
    assertThat(out).as("replies not yet sent, or failed").allSatisfy(
        r -> assertThat(r.delivery()).isIn(Set.of("SENT", "DELIVERED")));
    assertThat(store.outbox()).as("outbox entries left").isZero();
    return byId;
  }

  /** The last process counted in {@code switchboard.outbox.resends} each resend it logged. */
  public static void checkResendsCounted(KillCycles.Run run) throws IOException {
    assertThat(run.resendsMetricOfLastProcess()).as("switchboard.outbox.resends of the last process")
        .isEqualTo(run.resendsLoggedByLastProcess());
  }
}
