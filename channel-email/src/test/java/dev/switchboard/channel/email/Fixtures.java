package dev.switchboard.channel.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The project's own small mails under {@code src/test/resources/mail}. */
final class Fixtures {

  private Fixtures() {}

  static byte[] mail(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/mail/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
