package dev.switchboard.bench.email;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Typical support mails as raw MIME: multipart/alternative (text and HTML) with a quoted earlier
 * exchange, about 3 KB, each with its own Message-ID, from one of {@code senders} customers.
 */
public final class Mails {

  private static final String TEXT = """
      Hello support team,

      my order #%1$d still has not arrived, and the tracking page has said "in transit" for a week.
      Could you check what happened and tell me when I can expect it? I need it before Friday.

      Thanks a lot,
      Customer %2$d

      On Mon, 3 Nov 2025 at 10:12, Support <support@bench.test> wrote:
      > Thanks for your order. It will ship within two working days.
      > You can follow it on the tracking page.
      >
      > Kind regards,
      > The support team
      """;

  private static final String HTML = """
      <html><body><p>Hello support team,</p>
      <p>my order <b>#%1$d</b> still has not arrived, and the tracking page has said &quot;in transit&quot;
      for a week. Could you check what happened and tell me when I can expect it? I need it before Friday.</p>
      <p>Thanks a lot,<br>Customer %2$d</p>
      <div class="gmail_quote">On Mon, 3 Nov 2025 at 10:12, Support &lt;support@bench.test&gt; wrote:<br>
      <blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">
      Thanks for your order. It will ship within two working days.<br>You can follow it on the tracking page.
      <br><br>Kind regards,<br>The support team</blockquote></div>
      <script>alert('not for agents')</script><img src="https://tracker.example/pixel.gif" width="1" height="1">
      </body></html>
      """;

  private Mails() {}

  /** Mail number {@code n} (unique Message-ID per {@code run}). */
  public static String typical(String run, long n, int senders, String to) {
    long sender = n % senders;
    String boundary = "b1_" + run + "_" + n;
    return String.join("\r\n",
        "Return-Path: <customer" + sender + "@customers.bench.test>",
        "From: Customer " + sender + " <customer" + sender + "@customers.bench.test>",
        "To: Support <" + to + ">",
        "Subject: Where is my order #" + n + "?",
        "Date: Tue, 24 Nov 2026 18:00:00 +0000",
        "Message-ID: <" + run + "." + n + "@customers.bench.test>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"",
        "",
        "--" + boundary,
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        String.format(Locale.ROOT, TEXT, n, sender).replace("\n", "\r\n"),
        "--" + boundary,
        "Content-Type: text/html; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        String.format(Locale.ROOT, HTML, n, sender).replace("\n", "\r\n"),
        "--" + boundary + "--",
        "");
  }

  public static byte[] typicalBytes(String run, long n, int senders, String to) {
    return typical(run, n, senders, to).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Mail number {@code n} with an attachment: multipart/mixed holding the typical multipart/alternative
   * and a base64 PDF of about 14 KB, about 22 KB in all.
   */
  public static String withAttachment(String run, long n, int senders, String to) {
    String inner = typical(run, n, senders, to);
    int bodyAt = inner.indexOf("\r\n\r\n");
    String headers = inner.substring(0, bodyAt);
    String alternative = inner.substring(bodyAt + 4);
    String innerType = headers.substring(headers.indexOf("Content-Type: "));
    String outerHeaders = headers.substring(0, headers.indexOf("Content-Type: "));
    String boundary = "m1_" + run + "_" + n;
    return String.join("\r\n",
        outerHeaders + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"",
        "",
        "--" + boundary,
        innerType,
        "",
        alternative,
        "--" + boundary,
        "Content-Type: application/pdf; name=\"receipt-" + n + ".pdf\"",
        "Content-Disposition: attachment; filename=\"receipt-" + n + ".pdf\"",
        "Content-Transfer-Encoding: base64",
        "",
        receipt(n),
        "--" + boundary + "--",
        "");
  }

  public static byte[] withAttachmentBytes(String run, long n, int senders, String to) {
    return withAttachment(run, n, senders, to).getBytes(StandardCharsets.UTF_8);
  }

  /** About 14 KB that do not compress, different in every mail (so the blob store keeps each): a scanned receipt. */
  private static String receipt(long n) {
    byte[] pdf = new byte[14_000];
    new java.util.Random(n).nextBytes(pdf);
    byte[] head = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, pdf, 0, head.length);
    return java.util.Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pdf);
  }
}
