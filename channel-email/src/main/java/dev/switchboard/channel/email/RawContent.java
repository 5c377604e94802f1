package dev.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.util.Optional;

/** A part's content exactly as it was sent, still transfer-encoded. */
final class RawContent {

  private RawContent() {}

  static Optional<InputStream> open(Part part) throws MessagingException {
    if (part instanceof MimeBodyPart body) {
      return Optional.of(body.getRawInputStream());
    }
    if (part instanceof MimeMessage message) {
      return Optional.of(message.getRawInputStream());
    }
    return Optional.empty();
  }
}
