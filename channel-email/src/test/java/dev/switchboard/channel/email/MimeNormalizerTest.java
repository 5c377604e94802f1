package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.MemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MimeNormalizerTest {

  private final MemoryBlobStore blobs = new MemoryBlobStore();
  private final MailLimits limits = new MailLimits(1024 * 1024, 50, 5);

  private Normalization normalize(byte[] raw) throws IOException {
    return normalize(raw, limits);
  }

  private Normalization normalize(byte[] raw, MailLimits limits) throws IOException {
    try (SpooledMail spooled = new MailSpool(null).spool(new ByteArrayInputStream(raw), limits.maxBytes())) {
      return new MimeNormalizer(limits, blobs).normalize(spooled);
    }
  }

  private NormalizedMail accepted(String fixture) throws IOException {
    Normalization n = normalize(Fixtures.mail(fixture));
    assertThat(n).isInstanceOf(Normalization.Accepted.class);
    return ((Normalization.Accepted) n).mail();
  }

  @Test
  void quotedPrintableUtf8MailKeepsUmlautsAndTrimsSignatureAndQuote() throws IOException {
    NormalizedMail mail = accepted("plain-qp-utf8.eml");

    assertThat(mail.sender()).isEqualTo(Identity.email("juergen@example.org"));
    assertThat(mail.senderName()).isEqualTo("Jürgen Müller");
    assertThat(mail.subject()).isEqualTo("Bestellung nicht angekommen – 4711");
    assertThat(mail.messageId()).isEqualTo("plain-qp-1@example.org");
    assertThat(mail.text()).isEqualTo(
        "Hallo Support,\n\nmeine Bestellung Nr. 4711 ist nicht angekommen. Können Sie nachsehen?\n\nGrüße\nJürgen");
    assertThat(mail.fullText()).contains("Müller GmbH").contains("> Wir melden uns.");
    assertThat(mail.to()).containsExactly("support@example.com");
    assertThat(mail.cc()).containsExactly("anna@example.org", "bob@example.org");
    assertThat(mail.automated()).isFalse();
  }

  @Test
  void alternativePrefersPlainTextAndSanitizesHtml() throws IOException {
    NormalizedMail mail = accepted("alternative-html.eml");

    assertThat(mail.text()).isEqualTo("Why was I charged twice for March?");
    assertThat(mail.html())
        .contains("<b>twice</b>")
        .contains("href=\"https://example.org/help\"")
        .doesNotContain("script", "onclick", "javascript:", "<style");
  }

  @Test
  void htmlOnlyMailInLatin1IsTurnedIntoTextWithoutTheQuote() throws IOException {
    NormalizedMail mail = accepted("html-only-latin1.eml");

    assertThat(mail.text()).isEqualTo("Grüß Gott, die Lieferung fehlt noch.");
    assertThat(mail.fullText()).contains("> Alte Nachricht");
    assertThat(mail.html()).contains("Grüß Gott").contains("<blockquote>");
  }

  @Test
  void relatedInlineImageIsStoredAndKeepsItsCidReference() throws IOException {
    NormalizedMail mail = accepted("related-inline-image.eml");

    assertThat(mail.attachments()).extracting(Blob::ref).singleElement().satisfies(a -> {
      assertThat(a.filename()).isEqualTo("shot.png");
      assertThat(a.contentType()).isEqualTo("image/png");
      assertThat(a.inline()).isTrue();
      assertThat(blobs.bytes(a.sha256())).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    });
    assertThat(mail.html()).contains("src=\"cid:shot1@example.org\"").doesNotContain("onerror", "data:");
    assertThat(mail.text()).isEqualTo("The page shows this:");
  }

  @Test
  void attachmentWithRfc2231FilenameIsDecodedAndStoredWhole() throws IOException {
    NormalizedMail mail = accepted("mixed-attachment-rfc2231.eml");

    assertThat(mail.text()).isEqualTo("Please find the signed contract attached.");
    assertThat(mail.senderName()).isEqualTo("Lee, Sam");
    AttachmentRef pdf = mail.attachments().get(0).ref();
    assertThat(pdf.filename()).isEqualTo("Verträge übersicht.pdf");
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    assertThat(pdf.inline()).isFalse();
    assertThat(pdf.size()).isEqualTo(25 + 256);
  }

  @Test
  void mailWithoutMessageIdGetsTheSameSyntheticIdForTheSameContent() throws IOException {
    NormalizedMail first = accepted("no-message-id.eml");
    String lf = new String(Fixtures.mail("no-message-id.eml"), StandardCharsets.US_ASCII).replace("\r\n", "\n");
    NormalizedMail again = ((Normalization.Accepted) normalize(lf.getBytes(StandardCharsets.US_ASCII))).mail();

    assertThat(first.messageId()).startsWith("sha256-").endsWith("@no-message-id.switchboard.invalid");
    assertThat(again.messageId()).isEqualTo(first.messageId());
    assertThat(first.metadata()).containsEntry("syntheticMessageId", "true");
  }

  @Test
  void autoReplyAndBounceAreAutomated() throws IOException {
    assertThat(accepted("auto-reply.eml").automatedReason()).isEqualTo("auto-submitted: auto-replied");
    NormalizedMail bounce = accepted("bounce.eml");
    assertThat(bounce.automated()).isTrue();
    assertThat(bounce.text()).contains("could not be delivered");
  }

  @Test
  void ordinaryMailIsNotAutomated() throws IOException {
    assertThat(accepted("alternative-html.eml").automated()).isFalse();
    assertThat(accepted("mixed-attachment-rfc2231.eml").automated()).isFalse();
  }

  @Test
  void replyCarriesItsReferencesAndSubjectToken() throws IOException {
    NormalizedMail mail = accepted("reply-with-token.eml");

    assertThat(mail.references()).containsExactly("alt-1@example.org", "switchboard.01JABCDEF@example.com");
    assertThat(mail.conversationRef()).isEqualTo("AB12CD");
    assertThat(mail.text()).isEqualTo("Thanks, that solved it.");
  }

  @Test
  void koi8rBase64TextAndEncodedSubjectAreDecoded() throws IOException {
    NormalizedMail mail = accepted("koi8r-base64.eml");

    assertThat(mail.text()).isEqualTo("Здравствуйте! Не работает вход в личный кабинет.");
    assertThat(mail.subject()).isEqualTo("Вход");
  }

  @Test
  void unknownCharsetFallsBackToWindows1252() throws IOException {
    assertThat(accepted("unknown-charset-8bit.eml").text()).isEqualTo("Café crème");
  }

  @Test
  void answersBetweenQuotedLinesAreKept() throws IOException {
    NormalizedMail mail = accepted("inline-answers.eml");

    assertThat(mail.text()).contains("Enterprise.").contains("Since January.").contains("> Which plan");
  }

  @Test
  void mailWithoutSenderIsRefused() throws IOException {
    assertThat(normalize(Fixtures.mail("no-sender.eml")))
        .isEqualTo(new Normalization.Refused(Refusal.NO_SENDER, "the mail has no usable From address"));
  }

  @Test
  void mailOverTheSizeLimitIsRefusedWhileSpooling() {
    byte[] raw = Fixtures.mail("mixed-attachment-rfc2231.eml");
    MailLimits small = new MailLimits(200, 50, 5);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> normalize(raw, small))
        .isInstanceOf(MailSpool.TooLargeException.class)
        .hasMessageContaining("200 bytes");
  }

  @Test
  void mailWithTooManyPartsIsRefused() throws IOException {
    Normalization n = normalize(GeneratedMail.manyParts(60), limits);

    assertThat(n).isInstanceOfSatisfying(Normalization.Refused.class, r -> {
      assertThat(r.reason()).isEqualTo(Refusal.TOO_MANY_PARTS);
      assertThat(r.message()).contains("50");
    });
  }

  @Test
  void mailNestedTooDeeplyIsRefused() throws IOException {
    Normalization n = normalize(GeneratedMail.nested(8), limits);

    assertThat(n).isInstanceOfSatisfying(Normalization.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(Refusal.TOO_DEEP));
  }

  @Test
  void mailJustWithinTheLimitsIsAccepted() throws IOException {
    assertThat(normalize(GeneratedMail.nested(4), limits)).isInstanceOf(Normalization.Accepted.class);
    assertThat(normalize(GeneratedMail.manyParts(40), limits)).isInstanceOf(Normalization.Accepted.class);
  }
}
