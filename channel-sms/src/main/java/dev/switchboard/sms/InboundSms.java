package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The fields of Twilio's inbound-message webhook that we use. */
record InboundSms(
    String messageSid, String accountSid, String from, String to, String body, List<Media> media) {

  /** Twilio sends at most ten media items per message. */
  static final int MAX_MEDIA = 10;

  // Compiled once, not by String.matches on every webhook.
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
  private static final Pattern MESSAGE_SID = Pattern.compile("[A-Za-z]{2}[0-9A-Za-z]{8,64}");

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
    if (sid == null || !MESSAGE_SID.matcher(sid).matches()) {
      throw new IllegalArgumentException("MessageSid: " + sid + " (expected: a Twilio message sid)");
    }
    String from = fields.get("From");
    if (from == null || !E164.matcher(from).matches()) {
      throw new IllegalArgumentException("From: " + from + " (expected: an E.164 number)");
    }
    String to = fields.get("To");
    if (to == null || !E164.matcher(to).matches()) {
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

  /** The conversation key: our number, then theirs, so each pair of numbers is one thread. */
  String threadKey() {
    return ThreadKey.of(to, from);
  }
}
