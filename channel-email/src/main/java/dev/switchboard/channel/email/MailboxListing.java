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
 * UID on (UID, size, arrival, \Seen), the raw bodies of a set of UIDs ({@code BODY.PEEK[]}, so fetching
 * never sets \Seen), and both at once for a range of new mail ({@link #range}). Sent as plain commands
 * rather than through Jakarta's {@code Message} objects, which would keep every body they fetched for as
 * long as the folder stays open.
 */
final class MailboxListing {

  /** A mail in the folder, before its body is read. */
  record Entry(long uid, long size, Instant arrived, boolean seen) {}

  /** A mail's raw bytes as the server holds them. */
  record Body(long uid, byte[] raw) {}

  /**
   * A mail of a {@link #range}: its listing and the first bytes of its body; {@code whole} when those are
   * all of it (the server sent fewer than asked, or as many as its size).
   */
  record Head(Entry entry, byte[] raw, boolean whole) {}

  /** One {@link #range}'s answer: its mails in UID order, and the highest UID in the folder (0 when empty). */
  record Range(List<Head> mails, long highestUid) {}

  private MailboxListing() {}

  /** Every mail with a UID from {@code fromUid} on, in UID order. */
  static List<Entry> from(IMAPFolder folder, long fromUid) throws MessagingException {
    return list(folder, Math.max(1, fromUid) + ":*", fromUid, Long.MAX_VALUE);
  }

  /** Every mail with a UID from {@code fromUid} to {@code toUid}, in UID order. */
  static List<Entry> between(IMAPFolder folder, long fromUid, long toUid) throws MessagingException {
    return list(folder, Math.max(1, fromUid) + ":" + Math.max(1, toUid), fromUid, toUid);
  }

  private static List<Entry> list(IMAPFolder folder, String set, long fromUid, long toUid) throws MessagingException {
    String command = "UID FETCH " + set + " (UID RFC822.SIZE INTERNALDATE FLAGS)";
    List<Entry> entries = run(folder, command, f -> {
      UID uid = f.getItem(UID.class);
      if (uid == null || uid.uid < fromUid || uid.uid > toUid) {
        return null; // "n:*" also answers the last mail when none is at or above n
      }
      return entry(f, uid);
    });
    entries.sort(Comparator.comparingLong(Entry::uid));
    return entries;
  }

  /**
   * The mails with a UID from {@code fromUid} to {@code toUid}, each with its listing and its body's first
   * {@code headBytes} bytes, and the highest UID in the folder: one command ({@code UID FETCH from:to,*}),
   * so one pass over the server's folder for both the list and the bodies of new mail.
   */
  static Range range(IMAPFolder folder, long fromUid, long toUid, int headBytes) throws MessagingException {
    String command = "UID FETCH " + fromUid + ":" + toUid + ",* (UID RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[]<0."
        + headBytes + ">)";
    long[] highest = {0};
    List<Head> heads = run(folder, command, f -> {
      UID uid = f.getItem(UID.class);
      if (uid == null) {
        return null;
      }
      highest[0] = Math.max(highest[0], uid.uid);
      if (uid.uid < fromUid || uid.uid > toUid) {
        return null; // the answer to "*": the folder's last mail, outside the range
      }
      Entry entry = entry(f, uid);
      org.eclipse.angus.mail.imap.protocol.BODY body = f.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
      byte[] raw = body == null || body.getByteArray() == null ? null : body.getByteArray().getNewBytes();
      boolean whole = raw != null && (raw.length < headBytes || raw.length >= entry.size());
      return new Head(entry, whole ? raw : null, whole);
    });
    heads.sort(Comparator.comparingLong(h -> h.entry().uid()));
    return new Range(heads, highest[0]);
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

  private static Entry entry(FetchResponse f, UID uid) {
    RFC822SIZE size = f.getItem(RFC822SIZE.class);
    INTERNALDATE date = f.getItem(INTERNALDATE.class);
    FLAGS flags = f.getItem(FLAGS.class);
    return new Entry(uid.uid, size == null ? 0 : size.size,
        date == null || date.getDate() == null ? null : date.getDate().toInstant(),
        flags != null && flags.contains(jakarta.mail.Flags.Flag.SEEN));
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
