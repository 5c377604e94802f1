package dev.switchboard.channel.email;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of commit and acknowledgement on the IMAP reader's ack line: reading goes on while earlier
 * batches wait for their commits, nothing is flagged before its batch is committed, batches are flagged
 * in the order they were read, and a reader stopped between the commit and the flag reads the mail again
 * and stores it once.
 */
class ImapAckOrderTest {

  private static final String PASSWORD = "support-secret";

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(EmailRig.SUPPORT, EmailRig.SUPPORT, PASSWORD));

  @TempDir
  Path dir;

  private final CountDownLatch slowAttachment = new CountDownLatch(1);
  private EmailRig rig;
  private Mailboxes mailboxes;

  @BeforeEach
  void setUp() {
    // Attachments named slow.bin are stored only once the test lets them: their mail's commit waits.
    rig = new EmailRig(dir, new MailLimits(1024 * 1024, 100, 10), blobs -> new BlobStore() {
      @Override
      public Blob put(InputStream content, String filename, String type, boolean inline, long max)
          throws IOException {
        if (filename.equals("slow.bin")) {
          try {
            slowAttachment.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
        return blobs.put(content, filename, type, inline, max);
      }

      @Override
      public CompletionStage<Optional<Content>> find(String sha256) {
        return blobs.find(sha256);
      }
    });
    mailboxes = new Mailboxes(greenMail);
  }

  @AfterEach
  void tearDown() {
    slowAttachment.countDown();
    rig.close();
  }

  private int imapPort() {
    return greenMail.getImap().getPort();
  }

  private java.util.List<Mailboxes.Entry> inbox() throws Exception {
    return mailboxes.folder(EmailRig.SUPPORT, PASSWORD, "INBOX");
  }

  private double duplicatesCounted() {
    var counter = rig.meters.find("switchboard.email.received").tag("source", "imap").tag("outcome", "duplicate")
        .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aReaderStoppedBetweenCommitAndFlagReadsTheMailAgainAndStoresItOnce() throws Exception {
    ImapReader warmUp = rig.reader(EmailRig.imap(imapPort()));
    warmUp.start();
    mailboxes.deliver(GeneratedMail.simple("warm-up@example.org", "jane@example.org", "Warm-up", "a position"));
    await().atMost(Duration.ofSeconds(20)).until(() -> inbox().stream().allMatch(Mailboxes.Entry::seen)
        && rig.storedExternalIds().contains("warm-up@example.org"));
    warmUp.close();
    // One batch: a mail that commits at once and one whose commit waits for the test.
    mailboxes.deliver(GeneratedMail.simple("quick@example.org", "jane@example.org", "Quick", "committed at once"));
    mailboxes.deliver(GeneratedMail.withAttachment("slow", "slow.bin"));
    ImapReader first = rig.reader(EmailRig.imap(imapPort()));
    first.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("quick@example.org"));

    // Reading does not wait for the batch's commits: mail that comes later is read and committed meanwhile.
    mailboxes.deliver(GeneratedMail.simple("later@example.org", "jane@example.org", "Later", "read meanwhile"));
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("later@example.org"));
    // Committed, but nothing is flagged before its whole batch is committed, nor out of order.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> inbox().stream().filter(Mailboxes.Entry::seen).count() == 1);

    first.close(); // the kill: committed mail, not acknowledged
    slowAttachment.countDown(); // the stopped reader's pool commits the slow mail; nobody flags it
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("slow@example.org"));
    assertThat(inbox()).hasSize(4).filteredOn(Mailboxes.Entry::seen).hasSize(1);

    ImapReader second = rig.reader(EmailRig.imap(imapPort()));
    second.start();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox()).hasSize(4)
        .allMatch(Mailboxes.Entry::seen));
    assertThat(rig.storedExternalIds()).containsExactlyInAnyOrder("warm-up@example.org", "quick@example.org",
        "slow@example.org", "later@example.org");
    assertThat(duplicatesCounted()).as("mails read again and recognized").isEqualTo(3);
  }

  @Test
  void batchesCommittedWhileAnEarlierOneWaitsAreAcknowledgedInOneUidStoreInReadOrder() throws Exception {
    try (ImapCommandTap tap = new ImapCommandTap(imapPort())) {
      ImapReader reader = warmedUpReader(tap);
      int mark = tap.mark();

      // The first batch's commit waits; the batches read after it (one pass each) commit meanwhile.
      mailboxes.deliver(GeneratedMail.withAttachment("slow", "slow.bin"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !tap.since(mark, "UID FETCH").isEmpty());
      for (int i = 0; i < 3; i++) {
        String id = "after-" + i + "@example.org";
        mailboxes.deliver(GeneratedMail.simple(id, "jane@example.org", "After " + i, "committed first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains(id));
      }
      // Committed, but nothing is flagged before the batch read before them is committed.
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> inbox().stream().filter(Mailboxes.Entry::seen).count() == 1);
      assertThat(tap.since(mark, "UID STORE")).isEmpty();

      slowAttachment.countDown();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox()).hasSize(5)
          .allMatch(Mailboxes.Entry::seen));
      assertThat(tap.since(mark, "UID STORE")).extracting(ImapCommandTap.Command::line)
          .containsExactly("UID STORE 2:5 +FLAGS.SILENT (\\Seen)");
      assertThat(rig.storedExternalIds()).hasSize(5).doesNotHaveDuplicates();
      assertThat(reader.connected()).isTrue();
    }
  }

  @Test
  void aJoinedAcknowledgementTheServerRefusesIsSentAgainAfterTheReconnectAndNothingIsStoredTwice() throws Exception {
    try (ImapCommandTap tap = new ImapCommandTap(imapPort())) {
      warmedUpReader(tap);
      int mark = tap.mark();
      tap.refuse("UID STORE", 1);
      mailboxes.deliver(GeneratedMail.withAttachment("slow", "slow.bin"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !tap.since(mark, "UID FETCH").isEmpty());
      for (int i = 0; i < 2; i++) {
        String id = "refused-" + i + "@example.org";
        mailboxes.deliver(GeneratedMail.simple(id, "jane@example.org", "Refused " + i, "acknowledged late"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains(id));
      }
      slowAttachment.countDown();

      // The refused STORE ends the session; the next one reads the three again from the saved position.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(inbox()).hasSize(4)
          .allMatch(Mailboxes.Entry::seen));
      List<String> stores = tap.since(mark, "UID STORE").stream().map(ImapCommandTap.Command::line).toList();
      assertThat(stores).first().isEqualTo("UID STORE 2:4 +FLAGS.SILENT (\\Seen)");
      assertThat(stores).hasSizeGreaterThan(1).allMatch(line -> line.endsWith("+FLAGS.SILENT (\\Seen)"));
      assertThat(rig.storedExternalIds()).containsExactlyInAnyOrder("warm-up@example.org", "slow@example.org",
          "refused-0@example.org", "refused-1@example.org");
      assertThat(duplicatesCounted()).as("read again from the position, not from scratch").isEqualTo(3);
    }
  }

  @Test
  void aConnectionCutWhileJoinedBatchesWaitForAnEarlierCommitResumesFromTheSavedPosition() throws Exception {
    try (ImapCommandTap tap = new ImapCommandTap(imapPort())) {
      ImapReader reader = warmedUpReader(tap);
      int mark = tap.mark();
      mailboxes.deliver(GeneratedMail.withAttachment("slow", "slow.bin"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !tap.since(mark, "UID FETCH").isEmpty());
      for (int i = 0; i < 2; i++) {
        String id = "cut-" + i + "@example.org";
        mailboxes.deliver(GeneratedMail.simple(id, "jane@example.org", "Cut " + i, "waiting to be acknowledged"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains(id));
      }

      tap.cutAll();
      // GreenMail's handler of the ack connection dies on the reset with an uncaught exception.
      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> !reader.connected());
      assertThat(tap.since(mark, "UID STORE")).isEmpty();
      slowAttachment.countDown();

      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(inbox()).hasSize(4).allMatch(Mailboxes.Entry::seen));
      assertThat(rig.storedExternalIds()).containsExactlyInAnyOrder("warm-up@example.org", "slow@example.org",
          "cut-0@example.org", "cut-1@example.org");
      // The warm-up, below the saved position, is not read again; the three above it are, once each more.
      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(duplicatesCounted()).isEqualTo(3));
    }
  }

  /** A reader through the tap whose first mail is stored and flagged, so it has a position. */
  private ImapReader warmedUpReader(ImapCommandTap tap) throws Exception {
    ImapReader reader = rig.reader(EmailRig.imap(tap.port()));
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);
    mailboxes.deliver(GeneratedMail.simple("warm-up@example.org", "jane@example.org", "Warm-up", "a position"));
    await().atMost(Duration.ofSeconds(20)).until(() -> rig.storedExternalIds().contains("warm-up@example.org")
        && inbox().stream().allMatch(Mailboxes.Entry::seen));
    return reader;
  }

  @Test
  void mailCommittedButNotFlaggedWhenTheGatewayDiedIsStoredOnceAndFlagged() throws Exception {
    // The state a kill between commit and flag leaves: the store has the mails, the mailbox has them
    // unseen, and the saved position is below them (it moves only after the flag).
    for (String id : java.util.List.of("died-1@example.org", "died-2@example.org")) {
      byte[] mail = GeneratedMail.simple(id, "jane@example.org", "Before the kill", id);
      rig.intake.take(new java.io.ByteArrayInputStream(mail)::transferTo, "imap", rig.clock.instant(), Map.of())
          .toCompletableFuture().get(10, SECONDS);
      mailboxes.deliver(mail);
    }
    long validity;
    try (Mailboxes.Open inbox = mailboxes.open(EmailRig.SUPPORT, PASSWORD, "INBOX")) {
      validity = inbox.folder().getUIDValidity();
    }
    rig.store().channelState().put(Channel.EMAIL, "imap." + EmailRig.SUPPORT + "@127.0.0.1/INBOX", validity + "/0")
        .toCompletableFuture().get(10, SECONDS);
    mailboxes.deliver(GeneratedMail.simple("after-restart@example.org", "jane@example.org", "New", "new"));

    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox()).hasSize(3)
        .allMatch(Mailboxes.Entry::seen));
    assertThat(rig.storedExternalIds()).containsExactlyInAnyOrder("died-1@example.org", "died-2@example.org",
        "after-restart@example.org");
    assertThat(duplicatesCounted()).isEqualTo(2);
  }
}
