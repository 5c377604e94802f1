package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mail that lands as the reader goes into IDLE and is announced to nobody (GreenMail sends what is due
 * when IDLE starts, then listens; a mail in between is not announced) is read at once, not at the next
 * nudge. The tap recreates the gap on a real GreenMail: it holds the reader's IDLE while the mail is
 * delivered and drops the announcement from the reader's connection.
 */
class ImapIdleGapTest {

  private static final String PASSWORD = "support-secret";

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(EmailRig.SUPPORT, EmailRig.SUPPORT, PASSWORD));

  @TempDir
  Path dir;

  private EmailRig rig;
  private Mailboxes mailboxes;
  private ImapCommandTap tap;

  @BeforeEach
  void setUp() throws Exception {
    rig = new EmailRig(dir);
    mailboxes = new Mailboxes(greenMail);
    tap = new ImapCommandTap(greenMail.getImap().getPort());
  }

  @AfterEach
  void tearDown() throws Exception {
    tap.release();
    rig.close();
    tap.close();
  }

  private void deliverAndAwaitStored(String id) throws Exception {
    mailboxes.deliver(GeneratedMail.simple(id, "jane@example.org", "Gap", "mail " + id));
    await().atMost(Duration.ofSeconds(20)).until(() -> rig.storedExternalIds().contains(id));
  }

  /** The reading connection's last command is an IDLE the server has. */
  private boolean readerIdles() {
    var reading = tap.since(0).stream().filter(c -> c.connection() == 0).toList();
    return !reading.isEmpty() && reading.get(reading.size() - 1).verb().equals("IDLE");
  }

  @Test
  void aMailThatLandsUnannouncedAsIdleBeginsIsReadWithoutWaitingForTheNudge() throws Exception {
    // Nudged only every 5 minutes: only a look of the reader's own finds the mail sooner.
    ImapReader reader = rig.reader(EmailRig.imap(tap.port(), true, Duration.ofMinutes(5), null));
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);
    deliverAndAwaitStored("first@example.org");
    await().atMost(Duration.ofSeconds(10)).until(this::readerIdles);

    // The reader's next IDLE waits in the tap: the server is not listening for it yet.
    CountDownLatch idleHeld = tap.hold("IDLE");
    deliverAndAwaitStored("second@example.org");
    assertThat(idleHeld.await(10, TimeUnit.SECONDS)).as("the reader went back into IDLE").isTrue();
    tap.silenceArrivals(0); // the reading connection is the first the tap accepted
    mailboxes.deliver(GeneratedMail.simple("unannounced@example.org", "jane@example.org", "Gap", "in the gap"));
    await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length == 3);
    tap.release(); // IDLE reaches the server; its announcement of the third mail is dropped

    await().atMost(Duration.ofSeconds(10)).until(() -> rig.storedExternalIds().contains("unannounced@example.org"));
    assertThat(rig.storedExternalIds()).containsExactlyInAnyOrder("first@example.org", "second@example.org",
        "unannounced@example.org");
  }
}
