package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ImapConfig;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one open IMAP folder into the store, in UID order, and acknowledges each mail only after its
 * commit: flag {@code \Seen}, or move it to the processed folder. Refused mail goes to the error folder.
 * The position (UIDVALIDITY, last UID) is saved after each acknowledged mail, so a restart or reconnect
 * continues exactly where this stopped; a mail committed but not acknowledged is met again and the
 * store recognizes it by its Message-ID.
 */
final class MailboxSync {

  private static final Logger log = LoggerFactory.getLogger(MailboxSync.class);
  /** A mail that makes the reader fail this often is moved to the error folder instead of blocking the box. */
  private static final int MAX_ATTEMPTS = 3;

  private final IMAPStore store;
  private final IMAPFolder folder;
  private final ImapConfig config;
  private final MailIntake intake;
  private final MailboxCursor cursor;
  private final MailLimits limits;
  private final Clock clock;
  private final Map<Long, Integer> attempts;
  private Folder processed;
  private Folder errors;
  private MailboxCursor.Position position;

  MailboxSync(IMAPStore store, IMAPFolder folder, ImapConfig config, MailIntake intake, MailboxCursor cursor,
      MailLimits limits, Clock clock, Map<Long, Integer> attempts) {
    this.store = requireNonNull(store, "store");
    this.folder = requireNonNull(folder, "folder");
    this.config = requireNonNull(config, "config");
    this.intake = requireNonNull(intake, "intake");
    this.cursor = requireNonNull(cursor, "cursor");
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
    this.attempts = attempts == null ? new HashMap<>() : attempts;
  }

  /** Prepares the folders and finds the position, reading what arrived before it when there is none. */
  void start() throws Exception {
    processed = config.processedFolder() == null ? null : ensureFolder(config.processedFolder());
    errors = ensureFolder(config.errorFolder());
    long validity = folder.getUIDValidity();
    MailboxCursor.Position saved = cursor.load().orElse(null);
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
    Message[] backlog = processed != null
        ? folder.getMessages()
        : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    long last = 0;
    for (Message m : sorted(backlog)) {
      long uid = folder.getUID(m);
      process(m, uid);
      last = Math.max(last, uid);
    }
    position = new MailboxCursor.Position(validity, Math.max(last, uidNext > 0 ? uidNext - 1 : 0));
    cursor.save(position);
    log.info("IMAP folder {} read from scratch: {} mail(s); continuing after UID {}", config.folder(),
        backlog.length, position.lastUid());
  }

  /** Reads every mail with a UID above the position, saving the position after each. */
  void syncNew() throws Exception {
    Message[] fresh = folder.getMessagesByUID(position.lastUid() + 1, UIDFolder.MAXUID);
    for (Message m : sorted(fresh)) {
      long uid = folder.getUID(m);
      if (uid <= position.lastUid()) {
        continue; // "n:*" also answers the last mail when none is newer
      }
      process(m, uid);
      position = new MailboxCursor.Position(position.uidValidity(), uid);
      cursor.save(position);
    }
  }

  private void process(Message m, long uid) throws Exception {
    if (m.isExpunged()) {
      return;
    }
    long size = m.getSize();
    if (size > limits.maxBytes()) {
      intake.countRefusal("imap", Refusal.TOO_LARGE);
      refuse(m, uid, Refusal.TOO_LARGE, "the mail has " + size + " bytes, more than the limit of " + limits.maxBytes());
      return;
    }
    Instant arrived = m.getReceivedDate() == null ? clock.instant() : m.getReceivedDate().toInstant();
    IntakeOutcome outcome;
    try {
      outcome = intake.accept(out -> writeRaw(m, out), "imap", arrived,
          Map.of("imapUid", Long.toString(uid), "imapFolder", config.folder()));
    } catch (RuntimeException e) {
      int n = attempts.merge(uid, 1, Integer::sum);
      if (n < MAX_ATTEMPTS) {
        throw e;
      }
      log.error("IMAP mail UID {} failed {} times; moving it aside", uid, n, e);
      outcome = readerFailed("the reader failed on it " + n + " times: " + e);
    } catch (Error e) {
      // One mail must not end the reader: an Error (out of memory on a hostile mail, say) is not retried,
      // the mail goes aside at once and the reader carries on with the next.
      log.error("IMAP mail UID {} made the reader fail with {}; moving it aside", uid, e.toString());
      outcome = readerFailed("the reader failed on it: " + e);
    }
    if (outcome instanceof IntakeOutcome.Refused r) {
      refuse(m, uid, r.reason(), r.message());
    } else {
      acknowledge(m);
    }
    attempts.remove(uid);
  }

  private IntakeOutcome readerFailed(String message) {
    intake.countRefusal("imap", Refusal.READER_FAILED);
    return new IntakeOutcome.Refused(Refusal.READER_FAILED, message);
  }

  private void acknowledge(Message m) throws MessagingException {
    if (processed != null) {
      move(m, processed);
    } else {
      m.setFlag(Flags.Flag.SEEN, true);
    }
  }

  private void refuse(Message m, long uid, Refusal reason, String message) throws MessagingException {
    if (errors != null) {
      log.warn("IMAP mail UID {} refused ({}: {}); moved to folder {}", uid, reason.code(), message, errors.getFullName());
      move(m, errors);
    } else {
      log.warn("IMAP mail UID {} refused ({}: {}); left flagged in {}", uid, reason.code(), message, config.folder());
      m.setFlags(new Flags(Flags.Flag.FLAGGED), true);
      m.setFlag(Flags.Flag.SEEN, true);
    }
  }

  private void move(Message m, Folder dest) throws MessagingException {
    Message[] one = {m};
    if (store.hasCapability("MOVE")) {
      folder.moveMessages(one, dest);
      return;
    }
    folder.copyMessages(one, dest);
    m.setFlag(Flags.Flag.DELETED, true);
    if (store.hasCapability("UIDPLUS")) {
      folder.expunge(one);
    } else {
      folder.expunge();
    }
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

  private Message[] sorted(Message[] messages) throws MessagingException {
    FetchProfile profile = new FetchProfile();
    profile.add(UIDFolder.FetchProfileItem.UID);
    profile.add(FetchProfile.Item.SIZE);
    profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
    folder.fetch(messages, profile);
    Message[] copy = messages.clone();
    Map<Message, Long> uids = new HashMap<>();
    for (Message m : copy) {
      uids.put(m, folder.getUID(m));
    }
    Arrays.sort(copy, Comparator.comparingLong(uids::get));
    return copy;
  }

  private static void writeRaw(Message m, java.io.OutputStream out) throws IOException {
    try {
      m.writeTo(out);
    } catch (MessagingException e) {
      throw new IOException("could not fetch the mail: " + e.getMessage(), e);
    }
  }
}
