package dev.switchboard.sms;

import dev.switchboard.core.http.HttpResponse;

/** The TwiML answers to Twilio's inbound webhook. */
final class TwiML {

  private static final String CONTENT_TYPE = "text/xml; charset=utf-8";

  /** The answer to nearly every webhook, built once (nothing writes to a response's body). */
  private static final HttpResponse EMPTY =
      HttpResponse.text(200, CONTENT_TYPE, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");

  private TwiML() {}

  /** Nothing to send back: {@code <Response/>}. */
  static HttpResponse empty() {
    return EMPTY;
  }

  /** One SMS back to the sender (the HELP text). */
  static HttpResponse message(String text) {
    return HttpResponse.text(200, CONTENT_TYPE, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
        + escape(text) + "</Message></Response>");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // XML 1.0 forbids most control characters; drop them rather than emit an unreadable document.
          if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
