package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a pass over the mailbox costs in IMAP commands, counted on the wire in front of a real GreenMail,
 * which answers each {@code UID FETCH} (and {@code UID STORE}) by walking the folder once per mail in it:
 * a pass for an arriving mail finds it with one search and fetches it once, list and body together, and
 * searches below its position only where a mail can be there; a pass that finds nothing new fetches
 * nothing; a mail over the size limit is refused from its first bytes.
 */
class ImapPassCostTest {

  private static final String FETCH = "UID FETCH";
  /**
   * Each test waits for every mail's flag before delivering the next, and counts fetches and searches only:
   * production's one-second gap between acknowledging commands would make each mail wait a second for it.
   */
  private static final Duration ACK_GAP = Duration.ofMillis(20);

  @RegisterExtension
  static final TappedMailbox box = new TappedMailbox();

  /** Starts a reader through the tap and waits until two mails are read and flagged (the first passes are behind). */
  private ImapReader warmReader(Duration pollInterval) throws Exception {
    ImapReader reader = box.reader(pollInterval, ACK_GAP);
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(reader::connected);
    for (int i = 0; i < 2; i++) {
      deliverAndAwait("warm-" + i + "@example.org");
    }
    return reader;
  }

  private void deliverAndAwait(String id) throws Exception {
    box.mailboxes().deliver(GeneratedMail.simple(id, "jane@example.org", "One by one", "mail " + id));
    await().atMost(Duration.ofSeconds(20)).until(() -> box.rig().storedExternalIds().contains(id)
        && box.inbox().stream().allMatch(Mailboxes.Entry::seen));
  }

  @Test
  void eachArrivingMailIsFetchedInOneCommandWithItsListing() throws Exception {
    warmReader(Duration.ofMinutes(5));
    int mark = box.tap().mark();
    int mails = 5;
    for (int i = 0; i < mails; i++) {
      deliverAndAwait("one-" + i + "@example.org");
    }

    // One fetch per mail, list and body together: no listing of the folder from the position on, no
    // listing of the window below it, no second fetch for the body.
    assertThat(box.tap().since(mark, FETCH)).hasSize(mails)
        .allSatisfy(c -> assertThat(c.line()).matches("UID FETCH \\d+ \\(UID RFC822\\.SIZE INTERNALDATE FLAGS "
            + "BODY\\.PEEK\\[\\]<0\\." + MailboxSync.HEAD_BYTES + ">\\)"));
    assertThat(box.tap().since(mark, "UID SEARCH")).isNotEmpty();
    assertThat(box.rig().storedExternalIds()).hasSize(2 + mails).doesNotHaveDuplicates();
  }

  @Test
  void aPassForAnArrivingMailSearchesAboveThePositionOnly() throws Exception {
    warmReader(Duration.ofMinutes(5));
    int mark = box.tap().mark();
    for (int i = 0; i < 5; i++) {
      deliverAndAwait("above-" + i + "@example.org");
    }

    // Nothing can be below the position (no UID skipped, no mail put back, no keep-alive tick yet): no
    // pass spends a search on the window of unseen mail below it.
    assertThat(box.tap().since(mark, "UID SEARCH")).isNotEmpty()
        .extracting(ImapCommandTap.Command::line).noneMatch(line -> line.contains("UNSEEN"));
  }

  @Test
  void aUidASearchSkippedIsLookedForBelowThePositionByTheNextPasses() throws Exception {
    warmReader(Duration.ofMinutes(5));
    long late;
    try (Mailboxes.Open open = box.mailboxes().open(EmailRig.SUPPORT, TappedMailbox.PASSWORD, "INBOX")) {
      late = open.folder().getUIDNext();
    }
    // The server shows UID n+1 before n: the reader takes n+1 and its position passes n.
    box.tap().hideInSearches(late);
    box.mailboxes().deliver(GeneratedMail.simple("late@example.org", "jane@example.org", "Late", "shows up late"));
    box.mailboxes().deliver(GeneratedMail.simple("early@example.org", "jane@example.org", "Early", "seen first"));
    await().atMost(Duration.ofSeconds(20)).until(() -> box.rig().storedExternalIds().contains("early@example.org"));
    assertThat(box.rig().storedExternalIds()).doesNotContain("late@example.org");

    // n shows up; the next arrival's pass looks below the position, not only the nudge minutes later.
    box.tap().showInSearches();
    box.mailboxes().deliver(GeneratedMail.simple("next@example.org", "jane@example.org", "Next", "after it"));
    await().atMost(Duration.ofSeconds(20)).until(() -> box.rig().storedExternalIds().containsAll(
        java.util.List.of("late@example.org", "next@example.org")));
    await().atMost(Duration.ofSeconds(10)).until(() -> box.inbox().stream().allMatch(Mailboxes.Entry::seen));
    assertThat(box.rig().storedExternalIds()).hasSize(2 + 3).doesNotHaveDuplicates();
  }

  @Test
  void aPassThatFindsNothingNewFetchesNothing() throws Exception {
    // Nudged every 200 ms: each nudge ends the IDLE and the reader passes over the folder.
    warmReader(Duration.ofMillis(200));
    int mark = box.tap().mark();
    await().atMost(Duration.ofSeconds(10)).until(() -> box.tap().since(mark, "IDLE").size() >= 5);

    assertThat(box.tap().since(mark, FETCH)).as("fetches in passes that found nothing").isEmpty();
    assertThat(box.tap().since(mark, "UID SEARCH")).as("the passes looked").isNotEmpty();
  }

  @Test
  void aMailOverTheLimitIsRefusedFromItsHeadAndALargeOneWithinItIsFetchedWhole() throws Exception {
    warmReader(Duration.ofMinutes(5));
    int mark = box.tap().mark();
    long limit = box.rig().limits.maxBytes();
    box.mailboxes().deliver(padded("too-large@example.org", "Too large", (int) limit + 200_000));
    box.mailboxes().deliver(padded("large@example.org", "Large", MailboxSync.HEAD_BYTES * 3));

    await().atMost(Duration.ofSeconds(20)).until(() -> box.rig().storedExternalIds().contains("large@example.org"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(box.mailboxes().folder(EmailRig.SUPPORT, TappedMailbox.PASSWORD, "Errors"))
          .extracting(Mailboxes.Entry::subject).containsExactly("Too large");
      assertThat(box.inbox()).allMatch(Mailboxes.Entry::seen);
    });
    assertThat(box.rig().meters.counter("switchboard.email.refused", "source", "imap", "reason", "message_too_large").count())
        .isEqualTo(1);
    long largeUid;
    try (Mailboxes.Open open = box.mailboxes().open(EmailRig.SUPPORT, TappedMailbox.PASSWORD, "INBOX")) {
      jakarta.mail.Message[] all = open.folder().getMessages();
      largeUid = open.folder().getUID(all[all.length - 1]);
    }
    // The only whole body fetched is the large mail's: the one over the limit cost its first bytes only.
    assertThat(box.tap().since(mark, FETCH)).filteredOn(c -> c.line().contains("BODY.PEEK[])"))
        .extracting(ImapCommandTap.Command::line)
        .containsExactly("UID FETCH " + largeUid + " (UID BODY.PEEK[])");
  }

  private static byte[] padded(String id, String subject, int bytes) {
    StringBuilder text = new StringBuilder();
    while (text.length() < bytes) {
      text.append("0123456789 abcdefghijklmnopqrstuvwxyz 0123456789 abcdefghijklmnopqrstuvwxyz\r\n");
    }
    return GeneratedMail.simple(id, "jane@example.org", subject, text.toString());
  }
}
