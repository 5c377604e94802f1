package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Identity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fields of Twilio's inbound-message webhook that we use. */
record InboundSms(
    String messageSid, String accountSid, String from, String to, String body, List<Media> media) {

  /** Twilio sends at most ten media items per message. */
  static final int MAX_MEDIA = 10;


  /** One MMS item: {@code MediaUrlN} and {@code MediaContentTypeN}. */
  record Media(int index, URI url, String contentType) {
    Media {
      requireNonNull(url, "url");
    }
  }

  InboundSms {
    requireNonNull(messageSid, "messageSid");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    body = body == null ? "" : body;
    media = List.copyOf(media);
  }

  /** Reads the webhook's fields; throws {@link IllegalArgumentException} saying which one is wrong. */
  static InboundSms parse(Map<String, String> fields) {
    String sid = fields.getOrDefault("MessageSid", fields.get("SmsMessageSid"));
    if (sid == null || !isMessageSid(sid)) {
      throw new IllegalArgumentException("MessageSid: " + sid + " (expected: a Twilio message sid)");
    }
    String from = fields.get("From");
    if (from == null || !Identity.isE164(from)) {
      throw new IllegalArgumentException("From: " + from + " (expected: an E.164 number)");
    }
    String to = fields.get("To");
    if (to == null || !Identity.isE164(to)) {
      throw new IllegalArgumentException("To: " + to + " (expected: an E.164 number)");
    }
    int numMedia = 0;
    String num = fields.get("NumMedia");
    if (num != null && !num.isEmpty()) {
      try {
        numMedia = Integer.parseInt(num);
      } catch (NumberFormatException e) {
        numMedia = -1;
      }
      if (numMedia < 0 || numMedia > MAX_MEDIA) {
        throw new IllegalArgumentException("NumMedia: " + num + " (expected: 0.." + MAX_MEDIA + ")");
      }
    }
    List<Media> media = new ArrayList<>();
    for (int i = 0; i < numMedia; i++) {
      String url = fields.get("MediaUrl" + i);
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("MediaUrl" + i + ": missing (NumMedia is " + numMedia + ")");
      }
      URI uri;
      try {
        uri = URI.create(url.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("MediaUrl" + i + ": not a URL");
      }
      media.add(new Media(i, uri, fields.get("MediaContentType" + i)));
    }
    return new InboundSms(sid, fields.get("AccountSid"), from, to, fields.get("Body"), media);
  }

  /** {@code [A-Za-z]{2}[0-9A-Za-z]{8,64}}: Twilio's SM..., MM... sids. */
  static boolean isMessageSid(String s) {
    int n = s.length();
    if (n < 10 || n > 66 || !isLetter(s.charAt(0)) || !isLetter(s.charAt(1))) {
      return false;
    }
    for (int i = 2; i < n; i++) {
      char ch = s.charAt(i);
      if (!isLetter(ch) && (ch < '0' || ch > '9')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char ch) {
    return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z';
  }

  /** The conversation key: our number, then theirs, so each pair of numbers is one thread. */
  String threadKey() {
    return ThreadKey.of(to, from);
  }
}
