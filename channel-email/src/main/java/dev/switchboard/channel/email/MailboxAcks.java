package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ImapConfig;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.Arrays;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges committed mail and sets refused mail aside, many mails per command: flag {@code \Seen} (one
 * {@code UID STORE}, straight by UID: no round trip to map UIDs to sequence numbers first) or move to the
 * processed folder (one {@code MOVE}, or {@code COPY} and expunge where the server has no MOVE); refused
 * mail moves to the error folder, or is flagged {@code \Flagged \Seen} where there is none.
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
    Message[] messages = messages(uids);
    if (messages.length > 0) {
      move(messages, processed);
    }
  }

  /** Sets refused mail aside; says where it went, for the log. */
  String refuse(long[] uids) throws MessagingException {
    if (errors != null) {
      Message[] messages = messages(uids);
      if (messages.length > 0) {
        move(messages, errors);
      }
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

  /** Adds flags by UID in one command; a UID expunged meanwhile is passed over by the server. */
  private void flag(long[] uids, String flags) throws MessagingException {
    if (uids.length == 0) {
      return;
    }
    String command = "UID STORE " + UIDSet.toString(UIDSet.createUIDSets(uids)) + " +FLAGS.SILENT (" + flags + ")";
    folder.doCommand(p -> {
      Response[] responses = p.command(command, null);
      p.notifyResponseHandlers(responses);
      p.handleResult(responses[responses.length - 1]);
      return null;
    });
  }

  private Message[] messages(long[] uids) throws MessagingException {
    if (uids.length == 0) {
      return new Message[0];
    }
    // Mail expunged meanwhile has no Message: there is nothing left to acknowledge.
    return Arrays.stream(folder.getMessagesByUID(uids)).filter(m -> m != null && !m.isExpunged())
        .toArray(Message[]::new);
  }

  private void move(Message[] messages, Folder dest) throws MessagingException {
    if (store.hasCapability("MOVE")) {
      folder.moveMessages(messages, dest);
      return;
    }
    folder.copyMessages(messages, dest);
    folder.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
    if (store.hasCapability("UIDPLUS")) {
      folder.expunge(messages);
    } else {
      folder.expunge();
    }
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
