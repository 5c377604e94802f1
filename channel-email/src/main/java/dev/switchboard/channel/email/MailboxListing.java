package dev.switchboard.channel.email;

import jakarta.mail.MessagingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * The IMAP commands the reader sends for many mails at once, each one round trip: the list of mails from a
 * UID on (UID, size, arrival, \Seen), the UIDs still to read ({@code UID SEARCH}: the new ones and the
 * unseen ones of a window below the position), those mails with the first bytes of their bodies, and the
 * raw bodies of a set of UIDs ({@code BODY.PEEK[]}, so fetching never sets \Seen). Sent as plain commands
 * rather than through Jakarta's {@code Message} objects, which would keep every body they fetched for as
 * long as the folder stays open.
 *
 * <p>Why search before fetching: GreenMail answers every {@code FETCH} (and {@code STORE}) by looking up
 * the sequence number of each mail in the folder, a walk over the folder per mail in it (quadratic in the
 * box), whatever the set asked for, while a {@code SEARCH} is one walk. A pass that finds nothing new (a
 * nudge, a mail already read) costs two searches and no fetch; a pass with new mail one fetch more.
 */
final class MailboxListing {

  /** A mail in the folder, before its body is read. */
  record Entry(long uid, long size, Instant arrived, boolean seen) {}

  /** A mail's raw bytes as the server holds them. */
  record Body(long uid, byte[] raw) {}

  /**
   * A mail with the first bytes of its body ({@link #heads}): {@code whole} is its whole body when those
   * bytes are all of it, else null (it is larger than the head asked for).
   */
  record Head(Entry entry, byte[] whole) {}

  /** The highest UID there can be (UIDs are unsigned 32-bit numbers). */
  static final long MAX_UID = 0xFFFF_FFFFL;

  private MailboxListing() {}

  /** Every mail with a UID from {@code fromUid} on, in UID order. */
  static List<Entry> from(IMAPFolder folder, long fromUid) throws MessagingException {
    String command = "UID FETCH " + Math.max(1, fromUid) + ":* (UID RFC822.SIZE INTERNALDATE FLAGS)";
    List<Entry> entries = run(folder, command, f -> {
      UID uid = f.getItem(UID.class);
      if (uid == null || uid.uid < fromUid) {
        return null; // "n:*" also answers the last mail when none is at or above n
      }
      return entry(f, uid);
    });
    entries.sort(Comparator.comparingLong(Entry::uid));
    return entries;
  }

  /** The UIDs above {@code lastUid}, ascending: one search. */
  static List<Long> above(IMAPFolder folder, long lastUid) throws MessagingException {
    // Not "n:*": with no mail at or above n, that would match the last mail, read or not.
    return sorted(search(folder, "UID " + (lastUid + 1) + ":" + MAX_UID));
  }

  /** The UIDs of the mails without {@code \Seen} from {@code fromUid} to {@code toUid}, ascending: one search. */
  static List<Long> unseen(IMAPFolder folder, long fromUid, long toUid) throws MessagingException {
    return sorted(search(folder, "UNSEEN UID " + fromUid + ":" + toUid));
  }

  private static List<Long> sorted(List<Long> uids) {
    return uids.stream().distinct().sorted().toList();
  }

  /** The UIDs a {@code UID SEARCH} with these keys finds. */
  private static List<Long> search(IMAPFolder folder, String keys) throws MessagingException {
    String command = "UID SEARCH " + keys;
    @SuppressWarnings("unchecked")
    List<Long> uids = (List<Long>) folder.doCommand(p -> {
      Response[] responses = p.command(command, null);
      List<Long> found = new ArrayList<>();
      for (int i = 0; i < responses.length - 1; i++) {
        if (responses[i] instanceof IMAPResponse r && r.keyEquals("SEARCH")) {
          long uid;
          while ((uid = r.readLong()) != -1) {
            found.add(uid);
          }
          responses[i] = null;
        }
      }
      Response last = responses[responses.length - 1];
      p.notifyResponseHandlers(responses);
      p.handleResult(last);
      return found;
    });
    return uids;
  }

  /**
   * The mails with these UIDs that are still there, in UID order, each listed (size, arrival, \Seen) with
   * its body's first {@code headBytes} bytes: one command, and for most mails their whole body.
   */
  static List<Head> heads(IMAPFolder folder, long[] uids, int headBytes) throws MessagingException {
    String command = "UID FETCH " + UIDSet.toString(UIDSet.createUIDSets(uids))
        + " (UID RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[]<0." + headBytes + ">)";
    Set<Long> wanted = new HashSet<>();
    for (long uid : uids) {
      wanted.add(uid);
    }
    List<Head> heads = run(folder, command, f -> {
      UID uid = f.getItem(UID.class);
      if (uid == null || !wanted.contains(uid.uid)) {
        return null;
      }
      Entry entry = entry(f, uid);
      org.eclipse.angus.mail.imap.protocol.BODY body = f.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
      byte[] raw = body == null || body.getByteArray() == null ? null : body.getByteArray().getNewBytes();
      boolean whole = raw != null && (raw.length < headBytes || raw.length >= entry.size());
      return new Head(entry, whole ? raw : null);
    });
    heads.sort(Comparator.comparingLong(h -> h.entry().uid()));
    return heads;
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
