package dev.switchboard.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A small page for a customer who followed a link from a mail (a proof, a survey): no script, the gateway's
 * page policy, never cached, never framed, and no Referer carrying the link's token away.
 */
public final class HtmlPage {

  private HtmlPage() {}

  /** A page titled {@code title} (plain text) over {@code bodyHtml} (trusted markup: escape what is not). */
  public static HttpResponse of(int status, String title, String bodyHtml) {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
        + "</title></head><body><h1>" + escape(title) + "</h1>" + bodyHtml + "</body></html>";
    return new HttpResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of(
        "Cache-Control", "no-store",
        "Content-Security-Policy", StaticResource.CONTENT_SECURITY_POLICY,
        "X-Frame-Options", "DENY",
        "Referrer-Policy", "no-referrer"));
  }

  /** {@code text} safe inside an element or a quoted attribute. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
