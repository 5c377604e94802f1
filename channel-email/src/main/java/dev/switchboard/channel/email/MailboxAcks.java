package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.Arrays;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * Acknowledges committed mail and sets refused mail aside, many mails per command: flag {@code \Seen} (one
 * {@code STORE}) or move to the processed folder (one {@code MOVE}, or {@code COPY} and expunge where the
 * server has no MOVE); refused mail moves to the error folder, or is flagged {@code \Flagged \Seen} where
 * there is none.
 */
final class MailboxAcks {

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

  void acknowledge(long[] uids) throws MessagingException {
    Message[] messages = messages(uids);
    if (messages.length == 0) {
      return;
    }
    if (processed != null) {
      move(messages, processed);
    } else {
      folder.setFlags(messages, new Flags(Flags.Flag.SEEN), true);
    }
  }

  /** Sets refused mail aside; says where it went, for the log. */
  String refuse(long[] uids) throws MessagingException {
    Message[] messages = messages(uids);
    if (errors != null) {
      if (messages.length > 0) {
        move(messages, errors);
      }
      return "moved to folder " + errors.getFullName();
    }
    if (messages.length > 0) {
      Flags flags = new Flags(Flags.Flag.FLAGGED);
      flags.add(Flags.Flag.SEEN);
      folder.setFlags(messages, flags, true);
    }
    return "left flagged in " + folder.getFullName();
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
}
