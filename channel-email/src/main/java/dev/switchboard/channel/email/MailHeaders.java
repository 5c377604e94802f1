package dev.switchboard.channel.email;

import dev.switchboard.core.model.Identity;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The headers the gateway reads from a mail, each read leniently: a broken header gives null, never an
 * error. Linear in the headers' size: the sender, recipients, subject and date are read from at most
 * {@value #MAX_VALUE} characters of their header (no real one is longer; Jakarta's address and RFC 2047
 * parsers are not linear on hostile megabytes), and addresses are searched for in one pass over tokens.
 */
record MailHeaders(
    Identity sender,
    String senderName,
    String messageId,
    List<String> references,
    String subject,
    List<String> to,
    List<String> cc,
    Map<String, String> metadata) {

  /** Characters of an address, sender, subject or date header read; the rest is ignored. */
  static final int MAX_VALUE = 16 * 1024;

  /** {@link MailDateFormat} is a {@code SimpleDateFormat}: costly to build (4 % of a mail's parse), not thread-safe. */
  private static final ThreadLocal<MailDateFormat> DATES = ThreadLocal.withInitial(MailDateFormat::new);

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
    String subject = capped(m, "Subject");
    if (subject != null && subject.contains("=?")) {
      try {
        subject = HeaderValues.oneLine(MimeUtility.decodeText(subject));
      } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
        // Kept as it came.
      }
    }
    List<String> to = addresses(m, "To");
    List<String> cc = addresses(m, "Cc");
    Map<String, String> meta = new LinkedHashMap<>();
    put(meta, "from", capped(m, "From"));
    put(meta, "to", String.join(", ", to));
    put(meta, "cc", String.join(", ", cc));
    put(meta, "replyTo", String.join(", ", addresses(m, "Reply-To")));
    String date = capped(m, "Date");
    put(meta, "date", date);
    if (date != null) {
      try {
        Date sent = DATES.get().parse(date);
        if (sent != null) {
          meta.put("sentAt", sent.toInstant().toString());
        }
      } catch (java.text.ParseException | RuntimeException e) {
        // Unparseable Date header: the raw value is kept above.
      }
    }
    return new MailHeaders(sender, senderName, MessageIds.first(raw(m, "Message-ID")),
        MessageIds.references(raw(m, "In-Reply-To"), raw(m, "References")), subject, to, cc, meta);
  }

  private static InternetAddress firstAddress(MimeMessage m, String header) {
    String value = capped(m, header);
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
    List<String> found = plainAddresses(value);
    if (!found.isEmpty()) {
      try {
        return new InternetAddress(found.get(0), false);
      } catch (MessagingException e) {
        return null;
      }
    }
    return null;
  }

  private static List<String> addresses(MimeMessage m, String header) {
    List<String> out = new ArrayList<>();
    String value = capped(m, header);
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
      plainAddresses(value).forEach(a -> out.add(a.toLowerCase(java.util.Locale.ROOT)));
    }
    return out;
  }

  /**
   * What looks like an address in text that does not parse as an address list, in order: the matches of
   * {@code ADDRESS}, found in one pass. A regex search would retry from every position of a long run of
   * address characters (quadratic); here the text is cut into runs of address characters, each run at its
   * {@code @} signs, and each local part joined with the domain after it.
   */
  static List<String> plainAddresses(String value) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && !addressChar(value.charAt(i)) && value.charAt(i) != '@') {
        i++;
      }
      int start = i;
      while (i < n && (addressChar(value.charAt(i)) || value.charAt(i) == '@')) {
        i++;
      }
      String[] pieces = value.substring(start, i).split("@", -1);
      for (int k = 0; k + 1 < pieces.length; k++) {
        String local = pieces[k];
        String domain = pieces[k + 1];
        int dot = domain.indexOf('.', 1);
        if (!local.isEmpty() && dot > 0 && dot < domain.length() - 1) {
          out.add(local + "@" + domain);
          k++; // the domain is used up, as a regex match would consume it
        }
      }
    }
    return out;
  }

  private static boolean addressChar(char c) {
    return !Character.isWhitespace(c) && "<>\"(),;:@[]".indexOf(c) < 0;
  }

  /** A header's value, unfolded onto one line, at most {@value #MAX_VALUE} characters of it, or null. */
  static String capped(MimeMessage m, String name) {
    String v = raw(m, name);
    return v == null || v.length() <= MAX_VALUE ? v : v.substring(0, MAX_VALUE);
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
