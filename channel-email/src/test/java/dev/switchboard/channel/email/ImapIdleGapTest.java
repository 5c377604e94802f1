package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mail that lands as the reader goes into IDLE is read at once, not at the next nudge: one announced as
 * the IDLE begins (the server sends it before its continuation, so it does not end the IDLE), and one
 * announced to nobody (GreenMail sends what is due when IDLE starts, then listens; a mail in between is not
 * announced). The tap recreates both on a real GreenMail: it holds the reader's IDLE while the mail is
 * delivered, and keeps the mail from the acknowledging connection's searches, or drops the announcement
 * from the reader's connection.
 */
class ImapIdleGapTest {

  @RegisterExtension
  static final TappedMailbox box = new TappedMailbox();

  private void deliverAndAwaitStored(String id) throws Exception {
    box.mailboxes().deliver(GeneratedMail.simple(id, "jane@example.org", "Gap", "mail " + id));
    await().atMost(Duration.ofSeconds(20)).until(() -> box.rig().storedExternalIds().contains(id));
  }

  /** The reading connection's last command is an IDLE the server has. */
  private boolean readerIdles() {
    var reading = box.tap().since(0).stream().filter(c -> c.connection() == 0).toList();
    return !reading.isEmpty() && reading.get(reading.size() - 1).verb().equals("IDLE");
  }

  /**
   * Starts a reader nudged only every 5 minutes (so only a look of its own finds a mail sooner), lets it
   * read a first mail and go into IDLE, then reads a second and holds its next IDLE in the tap: the server
   * is not listening for it yet.
   */
  private void readerGoingBackIntoIdle() throws Exception {
    ImapReader reader = box.reader(Duration.ofMinutes(5));
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);
    deliverAndAwaitStored("first@example.org");
    await().atMost(Duration.ofSeconds(10)).until(this::readerIdles);

    CountDownLatch idleHeld = box.tap().hold("IDLE");
    deliverAndAwaitStored("second@example.org");
    assertThat(idleHeld.await(10, TimeUnit.SECONDS)).as("the reader went back into IDLE").isTrue();
  }

  @Test
  void aMailAnnouncedAsIdleBeginsIsReadWithoutWaitingForTheNudge() throws Exception {
    readerGoingBackIntoIdle();
    long announced;
    try (Mailboxes.Open open = box.mailboxes().open(EmailRig.SUPPORT, TappedMailbox.PASSWORD, "INBOX")) {
      announced = open.folder().getUIDNext();
    }
    // Only its announcement can show the mail: the check on the acknowledging connection does not see it.
    box.tap().hideInSearches(1, announced);
    box.mailboxes().deliver(GeneratedMail.simple("announced@example.org", "jane@example.org", "Gap", "as IDLE began"));
    await().atMost(Duration.ofSeconds(10)).until(() -> box.greenMail().getReceivedMessages().length == 3);
    box.tap().release(); // the server announces the mail (EXISTS), then begins the IDLE

    await().atMost(Duration.ofSeconds(10)).until(() -> box.rig().storedExternalIds().contains("announced@example.org"));
  }

  @Test
  void aMailThatLandsUnannouncedAsIdleBeginsIsReadWithoutWaitingForTheNudge() throws Exception {
    readerGoingBackIntoIdle();
    box.tap().silenceArrivals(0); // the reading connection is the first the tap accepted
    box.mailboxes().deliver(GeneratedMail.simple("unannounced@example.org", "jane@example.org", "Gap", "in the gap"));
    await().atMost(Duration.ofSeconds(10)).until(() -> box.greenMail().getReceivedMessages().length == 3);
    box.tap().release(); // IDLE reaches the server; its announcement of the third mail is dropped

    await().atMost(Duration.ofSeconds(10)).until(() -> box.rig().storedExternalIds().contains("unannounced@example.org"));
    assertThat(box.rig().storedExternalIds()).containsExactlyInAnyOrder("first@example.org", "second@example.org",
        "unannounced@example.org");
  }
}
