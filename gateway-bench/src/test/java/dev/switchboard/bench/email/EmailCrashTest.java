package dev.switchboard.bench.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.crash.CrashStore;
import dev.switchboard.bench.crash.DeskAgent;
import dev.switchboard.bench.crash.KillCycles;
import dev.switchboard.bench.crash.Replies;
import dev.switchboard.bench.crash.SendersAndAgent;
import dev.switchboard.bench.net.ClientLoops;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * E-mail under SIGKILL: raw MIME posted to {@code /email/inbound} and mail read from a GreenMail IMAP
 * mailbox, an agent answering each over {@code /agent/ws}, replies leaving over SMTP to GreenMail, while
 * the gateway process is killed and restarted on the same SQLite file. Every mail answered 202 and every
 * mail in the mailbox is stored once; a mail posted again is recognized as the stored one; every reply
 * is stored once, sent, and received under one Message-ID, a second copy only where a resend was counted.
 */
class EmailCrashTest {

  private static final String ADDRESS = "support@crash.test";
  private static final String PASSWORD = "crash-mailbox-password";
  private static final int POSTERS = 4;

  @org.junit.jupiter.api.io.TempDir // not the bench's TempDir, used for the free ports
  Path dir;

  private final ClientLoops loops = new ClientLoops(1);

  @AfterEach
  void stopClients() {
    loops.close();
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES) // every step is bounded; this covers 20 cycles at their slowest
  void everyAcknowledgedMailIsStoredOnceAndEveryReplyReceivedUnderOneMessageIdAcrossKills() throws Exception {
    GreenMail greenMail = new GreenMail(new ServerSetup[] {
        new ServerSetup(TempDir.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
        new ServerSetup(TempDir.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
    greenMail.start();
    try {
      GreenMailUser mailbox = greenMail.setUser(ADDRESS, ADDRESS, PASSWORD);
      GatewayConfigFile config = new GatewayConfigFile(TempDir.freePort(), dir, 1, 100_000, false, null,
          new GatewayConfigFile.EmailSection(ADDRESS, greenMail.getImap().getPort(), ADDRESS, PASSWORD,
              greenMail.getSmtp().getPort()));
      CrashMailers mailers = new CrashMailers(mailbox, POSTERS);
      DeskAgent agent = new DeskAgent(loops.group(), 0);
      CrashStore store = new CrashStore(config.sqliteFile());
      Map<String, JsonNode> postedAgain = new HashMap<>();

      KillCycles.Run run = new KillCycles("email", config, 30).run(new SendersAndAgent("posts", mailers, agent) {
        @Override
        protected Map<String, Long> pending() throws Exception {
          Set<String> stored = storedMessageIds(store);
          return Map.of("outbox entries", store.outbox(),
              "mailbox mails not stored", mailers.delivered().stream().filter(id -> !stored.contains(id)).count());
        }

        @Override
        protected void settled(GatewayProcess gateway) throws Exception {
          for (String messageId : mailers.acknowledged().keySet().stream().limit(50).toList()) {
            postedAgain.put(messageId, mailers.postAgain(gateway, messageId));
          }
        }
      });

      List<CrashStore.Row> inbound = store.messages("EMAIL", "IN");
      Map<String, List<CrashStore.Row>> storedByMessageId = inbound.stream()
          .collect(Collectors.groupingBy(CrashStore.Row::externalId));
      Map<String, Long> storedPerBody = inbound.stream()
          .collect(Collectors.groupingBy(CrashStore.Row::body, Collectors.counting()));
      Map<String, Integer> resends = run.resends();
      Map<String, Long> receivedPerMessageId = receivedMessageIds(greenMail);
      Map<String, String> acknowledged = mailers.acknowledged();
      Set<String> delivered = mailers.delivered();
      Map<String, CrashStore.Row> replies = store.messages("EMAIL", "OUT").stream()
          .collect(Collectors.toMap(CrashStore.Row::id, r -> r));
      Log.info("CRASH email: cycles %d (seed %d), posted and acknowledged %d, in the IMAP mailbox %d, stored %d, "
          + "duplicates %d, replies acknowledged %d, resends %d, second copies received %d",
          run.cycles(), run.seed(), acknowledged.size(), delivered.size(), storedByMessageId.size(),
          storedPerBody.values().stream().mapToLong(n -> n - 1).sum(), agent.acknowledged().size(),
          run.totalResends(), replies.values().stream()
              .mapToLong(r -> receivedPerMessageId.getOrDefault(r.externalId(), 0L) - 1).sum());

      acknowledged.forEach((messageId, stored) -> assertThat(storedByMessageId.get(messageId))
          .as("copies of %s", messageId).singleElement().extracting(CrashStore.Row::id).isEqualTo(stored));
      delivered.forEach(messageId -> assertThat(storedByMessageId.get(messageId))
          .as("copies of %s, read over IMAP", messageId).hasSize(1));
      assertThat(storedPerBody).as("mails stored more than once").allSatisfy((body, n) -> assertThat(n).isOne());
      assertThat(storedByMessageId).as("stored, none unacknowledged after settling")
          .hasSize(acknowledged.size() + delivered.size());
      assertThat(postedAgain).as("mails posted again after settling").isNotEmpty().allSatisfy((id, answer) -> {
        assertThat(answer.path("duplicate").asBoolean()).as("%s recognized", id).isTrue();
        assertThat(answer.path("messageId").asText()).as("%s keeps its message", id).isEqualTo(acknowledged.get(id));
      });

      Replies.checkStoredOnceAndSent(store, "EMAIL", agent);
      assertThat(replies).as("replies sent").isNotEmpty();
      Replies.checkResendsCounted(run);
      replies.values().forEach(r -> assertThat(receivedPerMessageId.getOrDefault(r.externalId(), 0L))
          .as("copies of reply %s received as <%s>", r.id(), r.externalId())
          .isBetween(1L, 1L + resends.getOrDefault(r.id(), 0)));
    } finally {
      greenMail.stop();
    }
  }

  private static Set<String> storedMessageIds(CrashStore store) throws Exception {
    return store.messages("EMAIL", "IN").stream().map(CrashStore.Row::externalId).collect(Collectors.toSet());
  }

  /** Every mail GreenMail received over SMTP or holds in a mailbox, counted by bare Message-ID. */
  private static Map<String, Long> receivedMessageIds(GreenMail greenMail) throws MessagingException {
    Map<String, Long> counts = new HashMap<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      String id = m.getMessageID();
      if (id != null) {
        counts.merge(id.replaceAll("^<|>$", ""), 1L, Long::sum);
      }
    }
    return counts;
  }
}
