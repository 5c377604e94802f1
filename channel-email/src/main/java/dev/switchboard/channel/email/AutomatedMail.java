package dev.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognizes mail no person wrote: auto-replies, bounces and bulk or list mail (RFC 3834
 * Auto-Submitted, Precedence, the X-Autoreply family, List-Id, delivery reports, mailer-daemon).
 * Such mail is stored but never routed as new work, and never answered by our auto-reply.
 */
final class AutomatedMail {

  private AutomatedMail() {}

  /** Why the mail counts as automated, or empty when a person seems to have written it. */
  static Optional<String> reason(Part mail, String fromAddress) throws MessagingException {
    String autoSubmitted = header(mail, "Auto-Submitted");
    if (autoSubmitted != null && !autoSubmitted.isBlank() && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
      return Optional.of("auto-submitted: " + autoSubmitted.trim());
    }
    String precedence = header(mail, "Precedence");
    if (precedence != null) {
      String p = precedence.trim().toLowerCase(Locale.ROOT);
      if (p.equals("bulk") || p.equals("junk") || p.equals("list") || p.equals("auto_reply")) {
        return Optional.of("precedence: " + p);
      }
    }
    for (String name : new String[] {"X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply-From",
        "X-Mail-Autoreply", "X-Failed-Recipients"}) {
      if (header(mail, name) != null) {
        return Optional.of(name.toLowerCase(Locale.ROOT));
      }
    }
    if (header(mail, "List-Id") != null) {
      return Optional.of("list-id");
    }
    if (header(mail, "List-Unsubscribe") != null) {
      return Optional.of("list-unsubscribe");
    }
    if (header(mail, "Feedback-ID") != null || header(mail, "X-Campaign-Id") != null) {
      return Optional.of("bulk sender");
    }
    String contentType = header(mail, "Content-Type");
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("multipart/report")) {
      return Optional.of("delivery report");
    }
    if (fromAddress != null) {
      String local = fromAddress.substring(0, Math.max(0, fromAddress.indexOf('@'))).toLowerCase(Locale.ROOT);
      // Not noreply@: web forms send customers' requests from such addresses, with a Reply-To.
      if (local.equals("mailer-daemon") || local.equals("postmaster")) {
        return Optional.of("sender: " + local);
      }
    }
    String returnPath = header(mail, "Return-Path");
    if (returnPath != null && returnPath.trim().equals("<>")) {
      return Optional.of("empty return-path");
    }
    return Optional.empty();
  }

  private static String header(Part mail, String name) throws MessagingException {
    String[] values = mail.getHeader(name);
    return values == null || values.length == 0 ? null : values[0];
  }
}
