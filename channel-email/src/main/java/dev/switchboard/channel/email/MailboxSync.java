package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ImapConfig;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one open IMAP folder into the store in batches: the list of new mails in one command, then up to
 * {@value #BATCH_MAILS} bodies (or {@link #BATCH_BYTES}) per {@code UID FETCH}, normalized in parallel off
 * this thread and committed through the store's group writer, while the next batch is fetched; only when
 * every commit of a batch is in are its mails acknowledged, many per command ({@link MailboxAcks}). The position (UIDVALIDITY, last UID) is
 * saved after each batch, so a restart or reconnect continues where this stopped; a mail committed but not
 * acknowledged is met again and the store recognizes it by its Message-ID.
 *
 * <p>Servers may let UID n+1 be seen before n (GreenMail does under concurrent delivery, as can real
 * servers): so each pass also lists the last {@value #RESCAN_WINDOW} UIDs below the position and takes the
 * ones still without {@code \Seen}. A mail that shows up late below the position is taken then (dedupe
 * makes a second sight harmless); the one that stays unseen and keeps failing ends in the error folder.
 */
final class MailboxSync {

  private static final Logger log = LoggerFactory.getLogger(MailboxSync.class);
  /** A mail that makes the reader fail this often is moved to the error folder instead of blocking the box. */
  private static final int MAX_ATTEMPTS = 3;
  static final int BATCH_MAILS = 100;
  static final long BATCH_BYTES = 4L << 20;
  /** UIDs below the position listed again on each pass, for a mail that appeared late. */
  static final int RESCAN_WINDOW = 128;
  /** How long the reader waits for a batch's commits (each commit is bounded at 30 s by the intake). */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final IMAPStore store;
  private final IMAPFolder folder;
  private final ImapConfig config;
  private final ParallelIntake intake;
  private final MailIntake counting;
  private final MailboxCursor cursor;
  private final MailLimits limits;
  private final Clock clock;
  private final Map<Long, Integer> attempts;
  private MailboxAcks acks;
  private MailboxCursor.Position position;

  MailboxSync(IMAPStore store, IMAPFolder folder, ImapConfig config, ParallelIntake intake, MailIntake counting,
      MailboxCursor cursor, MailLimits limits, Clock clock, Map<Long, Integer> attempts) {
    this.store = requireNonNull(store, "store");
    this.folder = requireNonNull(folder, "folder");
    this.config = requireNonNull(config, "config");
    this.intake = requireNonNull(intake, "intake");
    this.counting = requireNonNull(counting, "counting");
    this.cursor = requireNonNull(cursor, "cursor");
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
    this.attempts = attempts == null ? new HashMap<>() : attempts;
  }

  /** Prepares the folders and finds the position, reading what arrived before it when there is none. */
  void start() throws Exception {
    Folder processed = config.processedFolder() == null ? null : ensureFolder(config.processedFolder());
    acks = new MailboxAcks(store, folder, processed, ensureFolder(config.errorFolder()));
    long validity = folder.getUIDValidity();
    MailboxCursor.Position saved = ReaderThreadWait.await(cursor.load(), WAIT, "reading the mailbox position")
        .orElse(null);
    if (saved != null && saved.uidValidity() == validity) {
      position = saved;
      return;
    }
    if (saved != null) {
      log.warn("IMAP folder {} changed its UIDVALIDITY from {} to {}: reading it afresh; mail stored before is "
          + "recognized by its Message-ID", config.folder(), saved.uidValidity(), validity);
    }
    long uidNext = folder.getUIDNext();
    // Without a position: every mail still in the folder when moving to a processed folder, else the unseen ones.
    List<MailboxListing.Entry> backlog = new ArrayList<>();
    for (MailboxListing.Entry e : MailboxListing.from(folder, 1)) {
      if (processed != null || !e.seen()) {
        backlog.add(e);
      }
    }
    long last = 0;
    Pending pending = null;
    for (List<MailboxListing.Entry> batch : batches(backlog)) {
      Pending next = submit(batch);
      if (pending != null) {
        finish(pending);
      }
      pending = next;
      last = Math.max(last, batch.get(batch.size() - 1).uid());
    }
    if (pending != null) {
      finish(pending);
    }
    position = new MailboxCursor.Position(validity, Math.max(last, uidNext > 0 ? uidNext - 1 : 0));
    save();
    log.info("IMAP folder {} read from scratch: {} mail(s); continuing after UID {}", config.folder(),
        backlog.size(), position.lastUid());
  }

  /** Reads every mail above the position, and the unseen ones of the window below it, saving after each batch. */
  void syncNew() throws Exception {
    long last = position.lastUid();
    List<MailboxListing.Entry> todo = new ArrayList<>();
    for (MailboxListing.Entry e : MailboxListing.from(folder, Math.max(1, last - RESCAN_WINDOW + 1))) {
      if (e.uid() > last || !e.seen()) {
        todo.add(e);
      }
    }
    Pending pending = null;
    for (List<MailboxListing.Entry> batch : batches(todo)) {
      Pending next = submit(batch);
      if (pending != null) {
        finishAndAdvance(pending);
      }
      pending = next;
    }
    if (pending != null) {
      finishAndAdvance(pending);
    }
  }

  private void finishAndAdvance(Pending pending) throws Exception {
    finish(pending);
    if (pending.highest() > position.lastUid()) {
      position = new MailboxCursor.Position(position.uidValidity(), pending.highest());
      save();
    }
  }

  /** A batch whose bodies are fetched and on their way into the store. */
  private record Pending(long highest, List<ParallelIntake.Refused> refused,
      List<CompletableFuture<ParallelIntake.Result>> taking) {}

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
   * Fetches one batch's bodies and hands them to the parallel intake. The reader fetches the next batch
   * while this one is normalized and committed, then {@link #finish}es this one: the server's time and
   * ours overlap.
   */
  private Pending submit(List<MailboxListing.Entry> batch) throws MessagingException {
    Map<Long, Instant> arrived = new HashMap<>();
    List<Long> wanted = new ArrayList<>();
    List<ParallelIntake.Refused> refused = new ArrayList<>();
    for (MailboxListing.Entry e : batch) {
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
    if (!wanted.isEmpty()) {
      // A mail expunged meanwhile has no body in the answer: nothing to take, nothing to acknowledge.
      for (MailboxListing.Body body : MailboxListing.bodies(folder, wanted.stream().mapToLong(Long::longValue).toArray())) {
        taking.add(intake.take(body, arrived.get(body.uid())));
      }
    }
    return new Pending(batch.get(batch.size() - 1).uid(), refused, taking);
  }

  /**
   * Waits for a batch's commits, then acknowledges it. Every mail committed or refused is acknowledged
   * even when another failed; then the first failure worth a retry is thrown, and the reader reconnects
   * and reads the batch again (what it stored already comes back as a duplicate).
   */
  private void finish(Pending pending) throws Exception {
    List<CompletableFuture<ParallelIntake.Result>> taking = pending.taking();
    List<ParallelIntake.Refused> refused = new ArrayList<>(pending.refused());
    ReaderThreadWait.await(CompletableFuture.allOf(taking.toArray(CompletableFuture[]::new)), WAIT,
        "the commit of " + taking.size() + " mail(s)");
    List<Long> taken = new ArrayList<>();
    Exception retry = null;
    for (CompletableFuture<ParallelIntake.Result> f : taking) {
      ParallelIntake.Result result = f.join(); // done: awaited above, and never failed
      if (result instanceof ParallelIntake.Taken t) {
        taken.add(t.uid());
      } else if (result instanceof ParallelIntake.Refused r) {
        refused.add(r);
      } else if (result instanceof ParallelIntake.Failed failed) {
        ParallelIntake.Refused aside = failed(failed);
        if (aside != null) {
          refused.add(aside);
        } else if (retry == null) {
          retry = failed.cause() instanceof Exception e ? e : new MailIntake.StoreUnavailableException(
              failed.cause().toString(), failed.cause());
        }
      }
    }
    acks.acknowledge(uids(taken));
    if (!refused.isEmpty()) {
      String where = acks.refuse(uids(refused.stream().map(ParallelIntake.Refused::uid).toList()));
      for (ParallelIntake.Refused r : refused) {
        log.warn("IMAP mail UID {} refused ({}: {}); {}", r.uid(), r.reason().code(), r.message(), where);
      }
    }
    taken.forEach(attempts::remove);
    refused.forEach(r -> attempts.remove(r.uid()));
    if (retry != null) {
      throw retry;
    }
  }

  /** A mail that failed: set aside now (an Error, or the last attempt), or null to read it again later. */
  private ParallelIntake.Refused failed(ParallelIntake.Failed failed) {
    long uid = failed.uid();
    if (failed.error()) {
      // One mail must not end the reader: an Error (out of memory on a hostile mail, say) is not retried,
      // the mail goes aside at once and the reader carries on with the next.
      log.error("IMAP mail UID {} made the reader fail with {}; moving it aside", uid, failed.cause().toString());
      return readerFailed(uid, "the reader failed on it: " + failed.cause());
    }
    if (failed.retryable()) {
      return null;
    }
    int n = attempts.merge(uid, 1, Integer::sum);
    if (n < MAX_ATTEMPTS) {
      log.warn("IMAP mail UID {} failed (attempt {} of {}): {}", uid, n, MAX_ATTEMPTS, failed.cause().toString());
      return null;
    }
    log.error("IMAP mail UID {} failed {} times; moving it aside", uid, n, failed.cause());
    return readerFailed(uid, "the reader failed on it " + n + " times: " + failed.cause());
  }

  private ParallelIntake.Refused readerFailed(long uid, String message) {
    counting.countRefusal("imap", Refusal.READER_FAILED);
    return new ParallelIntake.Refused(uid, Refusal.READER_FAILED, message);
  }

  private void save() throws MailIntake.StoreUnavailableException {
    ReaderThreadWait.await(cursor.save(position), WAIT, "saving the mailbox position");
  }

  private static long[] uids(List<Long> uids) {
    return uids.stream().mapToLong(Long::longValue).toArray();
  }

  private Folder ensureFolder(String name) {
    try {
      Folder f = store.getFolder(name);
      if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
        log.error("IMAP folder {} does not exist and cannot be created", name);
        return null;
      }
      return f;
    } catch (MessagingException e) {
      log.error("IMAP folder {} cannot be used: {}", name, e.toString());
      return null;
    }
  }
}
