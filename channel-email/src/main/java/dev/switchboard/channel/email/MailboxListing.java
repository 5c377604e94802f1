package dev.switchboard.channel.email;

import jakarta.mail.MessagingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * The IMAP commands the reader sends for many mails at once, each one round trip: the list of mails from a
 * UID on (UID, size, arrival, \Seen) and the raw bodies of a set of UIDs ({@code BODY.PEEK[]}, so fetching
 * never sets \Seen). Sent as plain commands rather than through Jakarta's {@code Message} objects, which
 * would keep every body they fetched for as long as the folder stays open.
 */
final class MailboxListing {

  /** A mail in the folder, before its body is read. */
  record Entry(long uid, long size, Instant arrived, boolean seen) {}

  /** A mail's raw bytes as the server holds them. */
  record Body(long uid, byte[] raw) {}

  private MailboxListing() {}

  /** Every mail with a UID from {@code fromUid} on, in UID order. */
  static List<Entry> from(IMAPFolder folder, long fromUid) throws MessagingException {
    String command = "UID FETCH " + Math.max(1, fromUid) + ":* (UID RFC822.SIZE INTERNALDATE FLAGS)";
    List<Entry> entries = run(folder, command, f -> {
      UID uid = f.getItem(UID.class);
      if (uid == null || uid.uid < fromUid) {
        return null; // "n:*" also answers the last mail when none is at or above n
      }
      RFC822SIZE size = f.getItem(RFC822SIZE.class);
      INTERNALDATE date = f.getItem(INTERNALDATE.class);
      FLAGS flags = f.getItem(FLAGS.class);
      return new Entry(uid.uid, size == null ? 0 : size.size,
          date == null || date.getDate() == null ? null : date.getDate().toInstant(),
          flags != null && flags.contains(jakarta.mail.Flags.Flag.SEEN));
    });
    entries.sort(Comparator.comparingLong(Entry::uid));
    return entries;
  }

  /** The raw bodies of the mails with these UIDs that are still there. */
  static List<Body> bodies(IMAPFolder folder, long[] uids) throws MessagingException {
    String command = "UID FETCH " + UIDSet.toString(UIDSet.createUIDSets(uids)) + " (UID BODY.PEEK[])";
    return run(folder, command, f -> {
      UID uid = f.getItem(UID.class);
      org.eclipse.angus.mail.imap.protocol.BODY body = f.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
      return uid == null || body == null || body.getByteArray() == null ? null
          : new Body(uid.uid, body.getByteArray().getNewBytes());
    });
  }

  private interface Reading<T> {
    T read(FetchResponse f);
  }

  /** Sends one command, reads its FETCH answers; everything else goes to the folder's own handlers. */
  private static <T> List<T> run(IMAPFolder folder, String command, Reading<T> reading) throws MessagingException {
    @SuppressWarnings("unchecked")
    List<T> out = (List<T>) folder.doCommand(p -> {
      Response[] responses = p.command(command, null);
      List<T> read = new ArrayList<>();
      for (int i = 0; i < responses.length - 1; i++) {
        if (responses[i] instanceof FetchResponse f) {
          T value = reading.read(f);
          if (value != null) {
            read.add(value);
            responses[i] = null;
          }
        }
      }
      Response last = responses[responses.length - 1];
      p.notifyResponseHandlers(responses);
      p.handleResult(last);
      return read;
    });
    return out;
  }
}
