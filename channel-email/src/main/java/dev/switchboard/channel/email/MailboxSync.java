package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ImapConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one open IMAP folder into the store in batches: the UIDs to read in one {@code UID SEARCH}, then
 * up to {@value #BATCH_MAILS} of them listed with their bodies per {@code UID FETCH} (batches of at most
 * {@link #BATCH_BYTES}); a read from scratch lists the folder and fetches each batch's bodies. The mails
 * are normalized in parallel off this thread and committed through the store's group writer. This thread
 * never waits for a commit: each fetched batch goes to the {@link AckPipeline}, which acknowledges it
 * after its commits on a connection of its own and then saves the position (UIDVALIDITY, last UID), while
 * this thread reads what came next. A restart or reconnect continues from the saved position; a mail
 * committed but not acknowledged is met again and the store recognizes it by its Message-ID.
 *
 * <p>Servers may let UID n+1 be seen before n (GreenMail does under concurrent delivery, as can real
 * servers): so a pass also searches for the mails without {@code \Seen} among the last
 * {@value #RESCAN_WINDOW} UIDs below the highest one read, and takes the ones not on their way already,
 * whenever mail can be there ({@link BelowPosition}: a session's first pass, a UID skipped by an earlier
 * search, a mail the ack line put back, the keep-alive tick). A mail that shows up late below the position
 * is taken then (dedupe makes a second sight harmless); the one that stays unseen and keeps failing ends in
 * the error folder. Most passes for arriving mail are so one search and one fetch.
 */
final class MailboxSync {

  private static final Logger log = LoggerFactory.getLogger(MailboxSync.class);
  static final int BATCH_MAILS = 100;
  static final long BATCH_BYTES = 4L << 20;
  /** UIDs below the highest one read searched again on each pass for unseen mail, for a mail that appeared late. */
  static final int RESCAN_WINDOW = 128;
  /**
   * Bytes of each mail's body fetched with its listing: most mails fit, so a pass over new mail is one
   * fetch; a larger mail within the size limit is fetched whole in a second one, and one over the limit
   * is refused by its size, having cost at most this much.
   */
  static final int HEAD_BYTES = 64 * 1024;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final IMAPFolder folder;
  private final ImapConfig config;
  private final ParallelIntake intake;
  private final MailIntake counting;
  private final MailboxCursor cursor;
  private final MailLimits limits;
  private final Clock clock;
  private final int headBytes;
  private final BelowPosition below = new BelowPosition(RESCAN_WINDOW);
  private AckPipeline acks;
  /** The highest UID fetched (or passed over) in this session; the saved position follows it. */
  private volatile long readTo;

  MailboxSync(IMAPFolder folder, ImapConfig config, ParallelIntake intake, MailIntake counting,
      MailboxCursor cursor, MailLimits limits, Clock clock) {
    this.folder = requireNonNull(folder, "folder");
    this.config = requireNonNull(config, "config");
    this.intake = requireNonNull(intake, "intake");
    this.counting = requireNonNull(counting, "counting");
    this.cursor = requireNonNull(cursor, "cursor");
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
    this.headBytes = (int) Math.min(limits.maxBytes() + 1, HEAD_BYTES);
  }

  /**
   * Finds the position and starts the ack line from it ({@code line} makes the line for a position); with
   * no position, reads what arrived before and waits until it is acknowledged.
   */
  void start(Function<MailboxCursor.Position, AckPipeline> line) throws Exception {
    long validity = folder.getUIDValidity();
    MailboxCursor.Position saved = ReaderThreadWait.await(cursor.load(), WAIT, "reading the mailbox position")
        .orElse(null);
    if (saved != null && saved.uidValidity() == validity) {
      acks = line.apply(saved);
      readTo = saved.lastUid();
      return;
    }
    if (saved != null) {
      log.warn("IMAP folder {} changed its UIDVALIDITY from {} to {}: reading it afresh; mail stored before is "
          + "recognized by its Message-ID", config.folder(), saved.uidValidity(), validity);
    }
    acks = line.apply(new MailboxCursor.Position(validity, 0));
    long uidNext = folder.getUIDNext();
    // Without a position: every mail still in the folder when moving to a processed folder, else the unseen ones.
    List<MailboxListing.Entry> backlog = new ArrayList<>();
    for (MailboxListing.Entry e : MailboxListing.from(folder, 1)) {
      if (acks.moves() || !e.seen()) {
        backlog.add(e);
      }
    }
    for (List<MailboxListing.Entry> batch : batches(backlog)) {
      submit(batch, Map.of());
    }
    readTo = Math.max(readTo, uidNext > 0 ? uidNext - 1 : 0);
    acks.advanceTo(readTo);
    acks.drain();
    log.info("IMAP folder {} read from scratch: {} mail(s); continuing after UID {}", config.folder(),
        backlog.size(), acks.position().lastUid());
  }

  /**
   * Reads every mail above the highest UID read, and, when mail can be there, the unseen ones of the window
   * below it that are not on their way already; returns once they are fetched and handed on, not committed.
   * One search finds the new ones (one walk over the server's folder, cheap), a second one the window's,
   * then one fetch per {@value #BATCH_MAILS} of them lists each with its body's first {@value #HEAD_BYTES}
   * bytes; only a larger mail within the limit costs a second fetch. A pass that finds nothing (a nudge, an
   * announcement already read) fetches nothing.
   */
  void syncNew() throws Exception {
    acks.throwIfFailed();
    if (acks.putBack()) {
      below.due();
    }
    // Taken before the search: a mail acknowledged while the search runs is either still in this set or
    // already flagged \Seen in the search's answer, never read twice for that.
    Set<Long> onTheirWay = Set.copyOf(acks.inFlight());
    long last = readTo;
    List<Long> above = MailboxListing.above(folder, last);
    List<Long> unseen = last >= 1 && below.search(last)
        ? MailboxListing.unseen(folder, below.windowFrom(last), last) : List.of();
    below.searched(last, above, unseen);
    List<Long> todo = new ArrayList<>();
    for (long uid : unseen) {
      if (!onTheirWay.contains(uid)) {
        todo.add(uid);
      }
    }
    for (long uid : above) {
      if (!onTheirWay.contains(uid)) {
        todo.add(uid);
      }
    }
    for (int from = 0; from < todo.size(); from += BATCH_MAILS) {
      long[] uids = todo.subList(from, Math.min(todo.size(), from + BATCH_MAILS)).stream()
          .mapToLong(Long::longValue).toArray();
      Map<Long, byte[]> whole = new HashMap<>();
      List<MailboxListing.Entry> entries = new ArrayList<>();
      for (MailboxListing.Head head : MailboxListing.heads(folder, uids, headBytes)) {
        entries.add(head.entry());
        if (head.whole() != null) {
          whole.put(head.entry().uid(), head.whole());
        }
      }
      for (List<MailboxListing.Entry> batch : batches(entries)) {
        submit(batch, whole);
      }
    }
  }

  /** The highest UID fetched (or passed over) in this session: mail above it is still to be read. */
  long readTo() {
    return readTo;
  }

  /** Keeps the ack line's connection alive; the next pass looks below the position too (a backstop). */
  void keepAlive() {
    below.due();
    acks.keepAlive();
  }

  /** Stops the ack line; what it has not acknowledged is read again by the next session. */
  void close() {
    if (acks != null) {
      acks.close();
    }
  }

  /** Cuts the entries (in UID order) into batches of at most {@value #BATCH_MAILS} mails and {@link #BATCH_BYTES}. */
  private static List<List<MailboxListing.Entry>> batches(List<MailboxListing.Entry> entries) {
    List<List<MailboxListing.Entry>> out = new ArrayList<>();
    List<MailboxListing.Entry> batch = new ArrayList<>();
    long bytes = 0;
    for (MailboxListing.Entry e : entries) {
      if (!batch.isEmpty() && (batch.size() >= BATCH_MAILS || bytes + e.size() > BATCH_BYTES)) {
        out.add(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(e);
      bytes += e.size();
    }
    if (!batch.isEmpty()) {
      out.add(batch);
    }
    return out;
  }

  /**
   * Fetches the bodies of one batch that are not in {@code whole} already (one {@code UID FETCH} for all of
   * them), hands them to the parallel intake and the batch to the ack line, once the line has room for it.
   */
  private void submit(List<MailboxListing.Entry> batch, Map<Long, byte[]> whole) throws Exception {
    acks.awaitRoom();
    Map<Long, Instant> arrived = new HashMap<>();
    List<Long> wanted = new ArrayList<>();
    List<ParallelIntake.Refused> refused = new ArrayList<>();
    for (MailboxListing.Entry e : batch) {
      acks.inFlight().add(e.uid());
      if (e.size() > limits.maxBytes()) {
        counting.countRefusal("imap", Refusal.TOO_LARGE);
        refused.add(new ParallelIntake.Refused(e.uid(), Refusal.TOO_LARGE,
            "the mail has " + e.size() + " bytes, more than the limit of " + limits.maxBytes()));
      } else {
        wanted.add(e.uid());
        arrived.put(e.uid(), e.arrived() == null ? clock.instant() : e.arrived());
      }
    }
    List<CompletableFuture<ParallelIntake.Result>> taking = new ArrayList<>();
    try {
      List<Long> missing = new ArrayList<>();
      for (long uid : wanted) {
        byte[] raw = whole.get(uid);
        if (raw != null) {
          taking.add(intake.take(new MailboxListing.Body(uid, raw), arrived.get(uid)));
        } else {
          missing.add(uid);
        }
      }
      if (!missing.isEmpty()) {
        // A mail expunged meanwhile has no body in the answer: nothing to take, nothing to acknowledge.
        for (MailboxListing.Body body : MailboxListing.bodies(folder, missing.stream().mapToLong(Long::longValue).toArray())) {
          taking.add(intake.take(body, arrived.get(body.uid())));
        }
      }
    } catch (Exception | Error e) {
      // The fetch failed half-way: what was taken is still acknowledged after its commit, but the position
      // stays where it is, so the next session reads the rest of the batch.
      acks.acknowledgeAfterCommit(new PendingBatch(0, refused, taking));
      throw e;
    }
    long highest = batch.get(batch.size() - 1).uid();
    readTo = Math.max(readTo, highest);
    acks.acknowledgeAfterCommit(new PendingBatch(highest, refused, taking));
  }
}
