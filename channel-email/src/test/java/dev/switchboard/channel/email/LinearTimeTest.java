package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.testing.MemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every pass over what a sender wrote, fed about a megabyte built against it: HTML sanitizing and its
 * text version, header and RFC 2047 decoding, addresses, threading headers, charsets. Each must finish
 * within {@link HostileText#BUDGET} (a linear pass takes milliseconds) and still give a usable result.
 */
class LinearTimeTest {

  private final MailLimits limits = new MailLimits(25L * 1024 * 1024, 100, 10);
  private final MemoryBlobStore blobs = new MemoryBlobStore();

  // HTML (HtmlText)

  @Test
  void deeplyNestedQuotesWithManyLinesBecomeTextWithinTheBudget() {
    String html = "<p>top</p>" + "<blockquote>".repeat(40_000) + HostileText.megabyteOf("x<br>");

    String text = HostileText.withinBudget(() -> HtmlText.toText(html));
    String safe = HostileText.withinBudget(() -> HtmlText.sanitize(html));

    assertThat(text).startsWith("top").contains("> x");
    assertThat(safe).startsWith("<p>top</p>");
  }

  @Test
  void unclosedFormattingTagsAreSanitizedWithinTheBudget() {
    String html = HostileText.megabyteOf("<b><i><u><a href=x>t");

    HostileText.withinBudget(() -> HtmlText.sanitize(html));
    assertThat(HostileText.withinBudget(() -> HtmlText.toText(html))).startsWith("t");
  }

  @Test
  void nestedTablesAndListsAreSanitizedWithinTheBudget() {
    String html = HostileText.megabyteOf("<table><tr><td><ul><li>");

    HostileText.withinBudget(() -> HtmlText.sanitize(html));
    HostileText.withinBudget(() -> HtmlText.toText(html));
  }

  @Test
  void attributesAndScriptsInBulkAreSanitizedWithinTheBudget() {
    String html = HostileText.megabyteOf("<img src=x onerror=alert(1) a=\"<script>\"><script>x</script>");

    assertThat(HostileText.withinBudget(() -> HtmlText.sanitize(html))).doesNotContain("onerror", "<script");
  }

  @Test
  void nestingPastTheCapKeepsTheTextAndDropsOnlyTheDeeperTags() {
    String html = "<div>".repeat(300) + "deep" + "</div>".repeat(300) + "<p>after";

    String limited = HtmlNesting.limit(html);

    assertThat(limited).contains("deep").endsWith("<p>after");
    assertThat(limited.split("<div>", -1)).hasSize(HtmlNesting.MAX_DEPTH + 1);
    assertThat(HtmlNesting.limit("<p>a<script>if (a<b) x('<div>')</script><!-- <b> --><br/>b"))
        .isEqualTo("<p>a<script>if (a<b) x('<div>')</script><!-- <b> --><br/>b");
  }

  // Headers, addresses and RFC 2047 (MailHeaders, through the normalizer)

  @Test
  void aMegabyteFromWithoutAnyAddressIsRefusedWithinTheBudget() throws IOException {
    Normalization n = normalizeWithin("From: " + HostileText.megabyteOf("a") + "\r\nSubject: x\r\n", "hi");

    assertThat(n).isInstanceOfSatisfying(Normalization.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(Refusal.NO_SENDER));
  }

  @Test
  void aMegabyteOfAtSignsInCcIsReadWithinTheBudget() throws IOException {
    Normalization n = normalizeWithin("From: jane@customer.example\r\nCc: " + HostileText.megabyteOf("a@a@")
        + "\r\nTo: " + HostileText.megabyteOf("b.b@(") + "\r\n", "hi");

    assertThat(n).isInstanceOf(Normalization.Accepted.class);
  }

  @Test
  void aMegabyteOfEncodedWordsInSubjectAndNameIsDecodedWithinTheBudget() throws IOException {
    Normalization n = normalizeWithin("From: =?utf-8?q?J=C3=A4ne?= <jane@customer.example>\r\nSubject: "
        + HostileText.megabyteOf("=?utf-8?b?w6Q=?= ") + "\r\n", "hi");
    Normalization longName = normalizeWithin("From: " + HostileText.megabyteOf("=?utf-8?q?J=C3=A4ne?= ")
        + " <jane@customer.example>\r\n", "hi");

    assertThat(n).isInstanceOfSatisfying(Normalization.Accepted.class, a -> {
      assertThat(a.mail().subject()).startsWith("äää");
      assertThat(a.mail().senderName()).isEqualTo("Jäne");
    });
    // Only the first 16 KB of From are read: an address after a megabyte of name is not found.
    assertThat(longName).isInstanceOf(Normalization.Refused.class);
  }

  @Test
  void aMegabyteOfUnterminatedEncodedWordsIsReadWithinTheBudget() throws IOException {
    Normalization n = normalizeWithin("From: jane@customer.example\r\nSubject: "
        + HostileText.megabyteOf("=?=?x?") + "\r\n", "hi");

    assertThat(n).isInstanceOf(Normalization.Accepted.class);
  }

  @Test
  void plainAddressesFindWhatTheAddressPatternWouldInOnePass() {
    assertThat(MailHeaders.plainAddresses("Jane <jane@customer.example>, bob@x.org;x@y a@b@c.d e@f. g@.h i@j.k.")).containsExactly(
        "jane@customer.example", "bob@x.org", "b@c.d", "i@j.k.");
    assertThat(HostileText.withinBudget(() -> MailHeaders.plainAddresses(HostileText.megabyteOf("a")))).isEmpty();
  }

  // Threading headers (MessageIds)

  @Test
  void aMegabyteOfReferencesKeepsTheRootAndTheLatestWithinTheBudget() {
    String refs = "<root@x>" + HostileText.megabyteOf("<a@b> <<<<c@d ");

    var ids = HostileText.withinBudget(() -> MessageIds.references("<" + "x".repeat(500_000), refs));

    assertThat(ids).hasSizeLessThanOrEqualTo(MessageIds.MAX_REFERENCES).startsWith("root@x");
  }

  @Test
  void aMegabyteReferencesWithoutBracketsIsSplitWithinTheBudget() {
    var ids = HostileText.withinBudget(() -> MessageIds.parse(HostileText.megabyteOf("a@b,")));

    assertThat(ids).containsExactly("a@b");
  }

  // Charsets (TextDecoder)

  @Test
  void aMegabyteOfBrokenUtf8IsDecodedWithinTheBudget() {
    byte[] bytes = HostileText.megabyteOf("\u00e4\u00ff").getBytes(StandardCharsets.ISO_8859_1);

    assertThat(HostileText.withinBudget(() -> TextDecoder.decode(bytes, "utf-8"))).isNotEmpty();
    assertThat(HostileText.withinBudget(() -> TextDecoder.decode(bytes, null))).startsWith("äÿ");
  }

  private Normalization normalizeWithin(String headers, String body) throws IOException {
    byte[] raw = (headers + "Message-ID: <linear@x>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    assertThat(raw.length).isGreaterThan(HostileText.MEGABYTE);
    return HostileText.withinBudget(() -> {
      try (SpooledMail spooled = new MailSpool(null).spool(new ByteArrayInputStream(raw), limits.maxBytes())) {
        return new MimeNormalizer(limits, blobs).normalize(spooled);
      }
    });
  }
}
