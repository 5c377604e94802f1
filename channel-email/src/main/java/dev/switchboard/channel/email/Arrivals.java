package dev.switchboard.channel.email;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.iap.ResponseHandler;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * Counts the mails the server announces on the reading connection ({@code EXISTS} above the count known),
 * as each answer is read, on the thread that reads it: so after a pass the reader knows whether a mail
 * landed while it ran and passes again at once. The folder's message count cannot tell: the
 * {@code EXPUNGE}s of mail acknowledged by moving it away meanwhile can make it come out unchanged, and
 * Jakarta's message-count events arrive later, on a thread of their own.
 */
final class Arrivals implements ResponseHandler {

  private long known;
  private long announced;
  private long passStartedAt;
  private boolean passing;

  private Arrivals(long known) {
    this.known = known;
  }

  /** Counts on {@code folder}'s connection from now on. */
  static Arrivals on(IMAPFolder folder) throws MessagingException {
    Arrivals arrivals = new Arrivals(folder.getMessageCount());
    folder.doCommand(p -> {
      p.addResponseHandler(arrivals);
      return null;
    });
    return arrivals;
  }

  @Override
  public synchronized void handleResponse(Response r) {
    if (r instanceof IMAPResponse ir) {
      if (ir.keyEquals("EXISTS")) {
        long n = ir.getNumber();
        if (n > known) {
          announced += n - known;
        }
        known = n;
      } else if (ir.keyEquals("EXPUNGE")) {
        known = Math.max(0, known - 1);
      }
    }
  }

  /** A pass begins: what was announced so far is read by it. */
  synchronized void passStarts() {
    passStartedAt = announced;
    passing = true;
  }

  /** A pass ended; says whether a mail was announced while it ran, so another pass is due at once. */
  synchronized boolean passEnds() {
    passing = false;
    return announced != passStartedAt;
  }

  /** Whether a mail was announced and no pass is running or has begun to read it (the reader may be idling). */
  synchronized boolean unread() {
    return !passing && announced != passStartedAt;
  }
}
