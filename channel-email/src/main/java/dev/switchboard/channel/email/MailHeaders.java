package dev.switchboard.channel.email;

import dev.switchboard.core.model.Identity;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The headers the gateway reads from a mail, each read leniently: a broken header gives null, never an error. */
record MailHeaders(
    Identity sender,
    String senderName,
    String messageId,
    List<String> references,
    String subject,
    List<String> to,
    List<String> cc,
    Map<String, String> metadata) {

  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"(),;:@\\[\\]]+@[^\\s<>\"(),;:@\\[\\]]+\\.[^\\s<>\"(),;:@\\[\\]]+");

  static MailHeaders read(MimeMessage m) {
    InternetAddress from = firstAddress(m, "From");
    if (from == null) {
      from = firstAddress(m, "Sender");
    }
    Identity sender = null;
    String senderName = null;
    if (from != null) {
      try {
        sender = Identity.email(from.getAddress());
        senderName = from.getPersonal() == null ? null : HeaderValues.oneLine(from.getPersonal());
      } catch (IllegalArgumentException e) {
        sender = null;
      }
    }
    String subject = null;
    try {
      subject = m.getSubject() == null ? null : HeaderValues.oneLine(m.getSubject());
    } catch (MessagingException | RuntimeException e) {
      subject = raw(m, "Subject");
    }
    List<String> to = addresses(m, "To");
    List<String> cc = addresses(m, "Cc");
    Map<String, String> meta = new LinkedHashMap<>();
    put(meta, "from", raw(m, "From"));
    put(meta, "to", String.join(", ", to));
    put(meta, "cc", String.join(", ", cc));
    put(meta, "replyTo", String.join(", ", addresses(m, "Reply-To")));
    put(meta, "date", raw(m, "Date"));
    try {
      Date sent = m.getSentDate();
      if (sent != null) {
        meta.put("sentAt", sent.toInstant().toString());
      }
    } catch (MessagingException | RuntimeException e) {
      // Unparseable Date header: the raw value is kept above.
    }
    return new MailHeaders(sender, senderName, MessageIds.first(raw(m, "Message-ID")),
        MessageIds.references(raw(m, "In-Reply-To"), raw(m, "References")), subject, to, cc, meta);
  }

  private static InternetAddress firstAddress(MimeMessage m, String header) {
    String value = raw(m, header);
    if (value == null) {
      return null;
    }
    try {
      for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
        if (a.getAddress() != null && ADDRESS.matcher(a.getAddress()).matches()) {
          return a;
        }
      }
    } catch (MessagingException | RuntimeException e) {
      // Fall through to the plain search below.
    }
    Matcher match = ADDRESS.matcher(value);
    if (match.find()) {
      try {
        return new InternetAddress(match.group(), false);
      } catch (MessagingException e) {
        return null;
      }
    }
    return null;
  }

  private static List<String> addresses(MimeMessage m, String header) {
    List<String> out = new ArrayList<>();
    String value = raw(m, header);
    if (value == null) {
      return out;
    }
    try {
      for (Address a : InternetAddress.parseHeader(value, false)) {
        if (a instanceof InternetAddress ia && ia.getAddress() != null && ADDRESS.matcher(ia.getAddress()).matches()) {
          out.add(ia.getAddress().toLowerCase(java.util.Locale.ROOT));
        }
      }
    } catch (MessagingException | RuntimeException e) {
      Matcher match = ADDRESS.matcher(value);
      while (match.find()) {
        out.add(match.group().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }

  /** A header's value, unfolded onto one line, or null. */
  static String raw(MimeMessage m, String name) {
    try {
      String v = m.getHeader(name, ", ");
      return v == null ? null : HeaderValues.oneLine(v);
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  private static void put(Map<String, String> meta, String key, String value) {
    if (value != null && !value.isBlank()) {
      meta.put(key, value);
    }
  }

}
