package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ImapConfig;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges committed mail and sets refused mail aside, many mails per command and always by UID (no
 * round trip to map UIDs to sequence numbers first): flag {@code \Seen} (one {@code UID STORE}) or move to
 * the processed folder (one {@code UID MOVE}, or {@code UID COPY}, {@code UID STORE \Deleted} and
 * {@code UID EXPUNGE} where the server has no MOVE); refused mail moves to the error folder, or is flagged
 * {@code \Flagged \Seen} where there is none. A UID expunged meanwhile is passed over by the server.
 */
final class MailboxAcks {

  private static final Logger log = LoggerFactory.getLogger(MailboxAcks.class);

  private final IMAPStore store;
  private final IMAPFolder folder;
  private final Folder processed;
  private final Folder errors;

  MailboxAcks(IMAPStore store, IMAPFolder folder, Folder processed, Folder errors) {
    this.store = requireNonNull(store, "store");
    this.folder = requireNonNull(folder, "folder");
    this.processed = processed;
    this.errors = errors;
  }

  /** Acknowledges on {@code folder} (open, read-write), creating the processed and error folders where missing. */
  static MailboxAcks on(IMAPStore store, IMAPFolder folder, ImapConfig config) {
    Folder processed = config.processedFolder() == null ? null : ensureFolder(store, config.processedFolder());
    return new MailboxAcks(store, folder, processed, ensureFolder(store, config.errorFolder()));
  }

  /** Whether acknowledged mail leaves the folder (moved to the processed folder) rather than being flagged. */
  boolean moves() {
    return processed != null;
  }

  void acknowledge(long[] uids) throws MessagingException {
    if (processed == null) {
      flag(uids, "\\Seen");
      return;
    }
    move(uids, processed);
  }

  /** Sets refused mail aside; says where it went, for the log. */
  String refuse(long[] uids) throws MessagingException {
    if (errors != null) {
      move(uids, errors);
      return "moved to folder " + errors.getFullName();
    }
    flag(uids, "\\Flagged \\Seen");
    return "left flagged in " + folder.getFullName();
  }

  /** A NOOP, so a connection that has nothing to acknowledge for a while stays open. */
  void noop() throws MessagingException {
    folder.doCommand(p -> {
      p.simpleCommand("NOOP", null);
      return null;
    });
  }

  /** Adds flags by UID in one command. */
  private void flag(long[] uids, String flags) throws MessagingException {
    if (uids.length == 0) {
      return;
    }
    run("UID STORE", set(uids) + " +FLAGS.SILENT (" + flags + ")", null);
  }

  private void move(long[] uids, Folder dest) throws MessagingException {
    if (uids.length == 0) {
      return;
    }
    String name = BASE64MailboxEncoder.encode(dest.getFullName());
    if (store.hasCapability("MOVE")) {
      run("UID MOVE", set(uids), name);
      return;
    }
    run("UID COPY", set(uids), name);
    flag(uids, "\\Deleted");
    if (store.hasCapability("UIDPLUS")) {
      run("UID EXPUNGE", set(uids), null);
    } else {
      run("EXPUNGE", null, null);
    }
  }

  /** Sends one command ({@code atoms} as they are, then {@code mailbox} quoted as needed) and checks its answer. */
  private void run(String command, String atoms, String mailbox) throws MessagingException {
    folder.doCommand(p -> {
      Argument args = new Argument();
      if (atoms != null) {
        args.writeAtom(atoms);
      }
      if (mailbox != null) {
        args.writeString(mailbox);
      }
      Response[] responses = p.command(command, args);
      p.notifyResponseHandlers(responses);
      p.handleResult(responses[responses.length - 1]);
      return null;
    });
  }

  private static String set(long[] uids) {
    return UIDSet.toString(UIDSet.createUIDSets(uids));
  }

  private static Folder ensureFolder(IMAPStore store, String name) {
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
