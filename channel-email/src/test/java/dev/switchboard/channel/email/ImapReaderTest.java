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
import dev.switchboard.core.testing.TcpProxy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImapReaderTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(EmailRig.SUPPORT, EmailRig.SUPPORT, "support-secret"));

  @TempDir
  Path dir;

  private EmailRig rig;
  private Mailboxes mailboxes;

  @BeforeEach
  void setUp() {
    rig = new EmailRig(dir);
    mailboxes = new Mailboxes(greenMail);
  }

  @AfterEach
  void tearDown() {
    rig.close();
  }

  private int imapPort() {
    return greenMail.getImap().getPort();
  }

  @Test
  void customersMailBecomesAConversationByIdleLongBeforeThePollInterval() throws Exception {
    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);
    // A first mail warms the JVM up (class loading, the first SQL statements). The poll interval is five
    // minutes, so a mail stored within the bound below came by the IDLE push; how fast the push is belongs
    // to gateway-bench (a timing assert here flaked on a loaded machine).
    mailboxes.deliver(GeneratedMail.simple("warm-up@example.org", "Jim <jim@example.org>", "Hi", "warm-up"));
    await().atMost(Duration.ofSeconds(20)).until(() -> rig.storedExternalIds().contains("warm-up@example.org"));

    mailboxes.deliver(GeneratedMail.simple("idle-1@example.org", "Jane <jane@example.org>", "Help", "My order is late."));

    await().atMost(Duration.ofSeconds(30)).until(() -> rig.storedExternalIds().contains("idle-1@example.org"));
    EmailRig.Stored stored = rig.stored().stream()
        .filter(st -> st.message().externalId().equals("idle-1@example.org")).findFirst().orElseThrow();
    assertThat(stored.conversation().channel()).isEqualTo(Channel.EMAIL);
    assertThat(stored.conversation().subject()).isEqualTo("Help");
    assertThat(stored.message().text()).isEqualTo("My order is late.");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "INBOX"))
            .hasSize(2).allMatch(Mailboxes.Entry::seen));
  }

  @Test
  void mailThatArrivedWhileTheReaderWasDownIsReadExactlyOnceAfterRestart() throws Exception {
    ImapReader first = rig.reader(EmailRig.imap(imapPort()));
    first.start();
    await().atMost(Duration.ofSeconds(10)).until(first::connected);
    mailboxes.deliver(GeneratedMail.simple("before@example.org", "jane@example.org", "One", "first"));
    await().atMost(Duration.ofSeconds(5)).until(() -> rig.storedExternalIds().contains("before@example.org"));
    first.close();

    for (int i = 0; i < 3; i++) {
      mailboxes.deliver(GeneratedMail.simple("down-" + i + "@example.org", "jane@example.org", "Down " + i, "while down"));
    }
    ImapReader second = rig.reader(EmailRig.imap(imapPort()));
    second.start();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.storedExternalIds())
        .containsExactlyInAnyOrder("before@example.org", "down-0@example.org", "down-1@example.org", "down-2@example.org"));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
        .until(() -> rig.storedExternalIds().size() == 4);
  }

  @Test
  void mailSentWhileTheConnectionIsCutIsBackfilledExactlyOnce() throws Exception {
    try (TcpProxy proxy = TcpProxy.to(imapPort())) {
      ImapReader reader = rig.reader(EmailRig.imap(proxy.port()));
      rig.metrics.imapState(() -> true, reader::connected);
      reader.start();
      await().atMost(Duration.ofSeconds(10)).until(reader::connected);
      assertThat(rig.meters.get("switchboard.email.imap.connected").gauge().value()).isEqualTo(1.0);
      mailboxes.deliver(GeneratedMail.simple("pre-cut@example.org", "jane@example.org", "Before", "before the cut"));
      await().atMost(Duration.ofSeconds(5)).until(() -> rig.storedExternalIds().contains("pre-cut@example.org"));

      proxy.cut(true);
      // The cut resets both of the reader's connections; GreenMail's handler of the one that waited for a
      // command (not in IDLE) dies with an uncaught exception, which Awaitility would take for the test's.
      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> !reader.connected());
      // what the IMAP-disconnected alert watches: this node reads the mailbox but holds no connection
      assertThat(rig.meters.get("switchboard.email.imap.reading").gauge().value()).isEqualTo(1.0);
      assertThat(rig.meters.get("switchboard.email.imap.connected").gauge().value()).isZero();
      for (int i = 0; i < 3; i++) {
        mailboxes.deliver(GeneratedMail.simple("cut-" + i + "@example.org", "jane@example.org", "Cut " + i, "during"));
      }
      proxy.cut(false);

      await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.storedExternalIds())
          .containsExactlyInAnyOrder("pre-cut@example.org", "cut-0@example.org", "cut-1@example.org", "cut-2@example.org"));
      assertThat(rig.meters.counter("switchboard.email.imap.reconnects").count()).isGreaterThanOrEqualTo(1);
      await().dontCatchUncaughtExceptions().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
          .until(() -> rig.storedExternalIds().size() == 4);
    }
  }

  @Test
  void pollingReaderReadsNewMailWhereIdleIsOff() throws Exception {
    ImapReader reader = rig.reader(EmailRig.imapPolledEvery(imapPort(), Duration.ofMillis(200)));
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);

    mailboxes.deliver(GeneratedMail.simple("poll-1@example.org", "jane@example.org", "Poll", "polled"));

    await().atMost(Duration.ofSeconds(5)).until(() -> rig.storedExternalIds().contains("poll-1@example.org"));
  }

  @Test
  void committedMailIsMovedToTheProcessedFolderWhenOneIsSet() throws Exception {
    mailboxes.deliver(GeneratedMail.simple("move-1@example.org", "jane@example.org", "Move me", "moved"));
    ImapReader reader = rig.reader(EmailRig.imapMovingReadMailTo(imapPort(), "Processed"));
    reader.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("move-1@example.org"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "INBOX")).isEmpty();
      assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "Processed"))
          .extracting(Mailboxes.Entry::subject).containsExactly("Move me");
    });
  }

  @Test
  void mailArrivingWhileTheReaderRunsIsMovedEveryOne() throws Exception {
    // The ack line has its own connection, which may not have heard of a mail the reader already read and
    // committed: the move goes by UID, so it never depends on that connection's view of the folder.
    ImapReader reader = rig.reader(EmailRig.imapMovingReadMailTo(imapPort(), "Processed"));
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);
    List<String> subjects = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      subjects.add("Arrival " + i);
      mailboxes.deliver(GeneratedMail.simple("arrival-" + i + "@example.org", "jane@example.org", "Arrival " + i, "hi"));
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> rig.storedExternalIds().size() == 30);
    // A look at INBOX while a move runs may find a mail gone between its listing and its fetch: look again.
    await().atMost(Duration.ofSeconds(10)).ignoreException(jakarta.mail.MessagingException.class).untilAsserted(() -> {
      assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "INBOX")).isEmpty();
      assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "Processed"))
          .extracting(Mailboxes.Entry::subject).containsExactlyInAnyOrderElementsOf(subjects);
    });
  }

  @Test
  void refusedMailGoesToTheErrorFolderAndTheReaderCarriesOn() throws Exception {
    mailboxes.deliver(GeneratedMail.manyParts(150));
    mailboxes.deliver(GeneratedMail.simple("after-bad@example.org", "jane@example.org", "Fine", "a good one"));
    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("after-bad@example.org"));
    assertThat(rig.storedExternalIds()).containsExactly("after-bad@example.org");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "Errors"))
          .extracting(Mailboxes.Entry::subject).containsExactly("generated");
      assertThat(rig.meters.counter("switchboard.email.refused", "source", "imap", "reason", "too_many_parts").count())
          .isEqualTo(1);
    });
  }

  @Test
  void anErrorOnOneMailSendsItAsideAndTheReaderCarriesOn() throws Exception {
    rig.close();
    // The blob store runs out of memory on one attachment, as a hostile mail could make any step do.
    rig = new EmailRig(dir.resolve("poisoned"), rig.limits, blobs -> new BlobStore() {
      @Override
      public Blob put(InputStream content, String filename, String type, boolean inline, long max)
          throws IOException {
        if (filename.equals("poison.bin")) {
          throw new OutOfMemoryError("Java heap space (injected)");
        }
        return blobs.put(content, filename, type, inline, max);
      }

      @Override
      public CompletionStage<Optional<Content>> find(String sha256) {
        return blobs.find(sha256);
      }
    });
    mailboxes.deliver(GeneratedMail.simple("before@example.org", "jane@example.org", "One", "first"));
    mailboxes.deliver(GeneratedMail.withAttachment("poison", "poison.bin"));
    mailboxes.deliver(GeneratedMail.simple("after@example.org", "jane@example.org", "Two", "second"));
    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();

    // One batch, normalized in parallel: the two good mails commit in either order.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.storedExternalIds())
        .containsExactlyInAnyOrder("before@example.org", "after@example.org"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "Errors"))
          .extracting(Mailboxes.Entry::subject).containsExactly("generated");
      assertThat(rig.meters.counter("switchboard.email.refused", "source", "imap", "reason", "reader_failed").count())
          .isEqualTo(1);
    });
    assertThat(reader.connected()).isTrue();
    mailboxes.deliver(GeneratedMail.simple("later@example.org", "jane@example.org", "Three", "third"));
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("later@example.org"));
    assertThat(rig.meters.counter("switchboard.email.imap.reconnects").count()).isZero();
  }

  @Test
  void changedUidValidityRereadsUnseenMailWithoutStoringItTwice() throws Exception {
    // A crash after the commit but before the \Seen flag leaves a stored mail unseen; a UIDVALIDITY
    // change then makes the reader read the folder afresh.
    rig.intake.take(new java.io.ByteArrayInputStream(
        GeneratedMail.simple("stored-unseen@example.org", "jane@example.org", "Again", "x"))::transferTo,
        "http", rig.clock.instant(), java.util.Map.of()).toCompletableFuture().get(10, SECONDS);
    mailboxes.deliver(GeneratedMail.simple("stored-unseen@example.org", "jane@example.org", "Again", "x"));
    mailboxes.deliver(GeneratedMail.simple("new-one@example.org", "jane@example.org", "New", "y"));
    rig.store().channelState().put(Channel.EMAIL, "imap." + EmailRig.SUPPORT + "@127.0.0.1/INBOX", "1/999")
        .toCompletableFuture().get(10, SECONDS);

    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.storedExternalIds())
        .containsExactlyInAnyOrder("stored-unseen@example.org", "new-one@example.org"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "INBOX")).allMatch(Mailboxes.Entry::seen));
  }

  @Test
  void aMailThatAppearsBelowThePositionAfterAHigherOneIsStillTaken() throws Exception {
    // The reader took UID n+1 before UID n became visible (GreenMail under concurrent delivery, or a busy
    // server), so its position is already past n: n must still be taken, from the window below the position.
    mailboxes.deliver(GeneratedMail.simple("late-lower@example.org", "jane@example.org", "Late", "appeared late"));
    mailboxes.deliver(GeneratedMail.simple("early-higher@example.org", "jane@example.org", "Early", "seen first"));
    long validity;
    long higher;
    try (Mailboxes.Open inbox = mailboxes.open(EmailRig.SUPPORT, "support-secret", "INBOX")) {
      validity = inbox.folder().getUIDValidity();
      jakarta.mail.Message[] all = inbox.folder().getMessages();
      higher = inbox.folder().getUID(all[1]);
      all[1].setFlag(jakarta.mail.Flags.Flag.SEEN, true); // taken and acknowledged before n showed up
    }
    rig.store().channelState().put(Channel.EMAIL, "imap." + EmailRig.SUPPORT + "@127.0.0.1/INBOX", validity + "/" + higher)
        .toCompletableFuture().get(10, SECONDS);

    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("late-lower@example.org"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "INBOX")).allMatch(Mailboxes.Entry::seen));
    assertThat(rig.storedExternalIds()).containsExactly("late-lower@example.org");
    // Seen now, so later passes over the window leave it alone.
    mailboxes.deliver(GeneratedMail.simple("next@example.org", "jane@example.org", "Next", "later"));
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("next@example.org"));
    assertThat(rig.storedExternalIds()).hasSize(2);
  }

  @Test
  void aBacklogLargerThanOneBatchIsStoredOnceAndFlaggedAfterItsCommit() throws Exception {
    int count = MailboxSync.BATCH_MAILS * 2 + 7;
    List<byte[]> backlog = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      backlog.add(GeneratedMail.simple("backlog-" + i + "@example.org", "c" + (i % 5) + "@example.org",
          "Backlog " + i, "mail " + i));
    }
    mailboxes.deliverAll(backlog);
    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();

    await().atMost(Duration.ofSeconds(60)).until(() -> rig.storedExternalIds().size() == count);
    assertThat(rig.storedExternalIds()).doesNotHaveDuplicates();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(mailboxes.folder(EmailRig.SUPPORT, "support-secret", "INBOX")).hasSize(count)
            .allMatch(Mailboxes.Entry::seen));
  }

  @Test
  void aReaderClosedAndStartedAgainReadsOnFromItsPosition() throws Exception {
    ImapReader reader = rig.reader(EmailRig.imap(imapPort()));
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);
    mailboxes.deliver(GeneratedMail.simple("lead-1@example.org", "jane@example.org", "One", "first term"));
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("lead-1@example.org"));

    reader.close();
    assertThat(reader.connected()).isFalse();
    mailboxes.deliver(GeneratedMail.simple("between@example.org", "jane@example.org", "Two", "no leader"));
    reader.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("between@example.org"));
    reader.close();
    reader.start();
    mailboxes.deliver(GeneratedMail.simple("lead-3@example.org", "jane@example.org", "Three", "third term"));
    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("lead-3@example.org"));
    assertThat(rig.storedExternalIds()).hasSize(3);
  }
}
