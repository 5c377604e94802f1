package dev.switchboard.channel.email;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * Names Angus Mail's {@link StreamProvider} in the system property Jakarta Mail reads first. Without it,
 * every {@code BodyPart}, {@code Multipart}, header block and decoder Jakarta Mail builds looks the provider
 * up through a fresh {@link java.util.ServiceLoader}, which scans the class path's jars each time: JFR put a
 * third of the time of normalizing a typical mail there. With the property set, the lookup is a loaded
 * class and a constructor call. The provider named is the one the {@code ServiceLoader} would find anyway;
 * a value someone set before is left alone.
 */
final class StreamProviderPin {

  static final String PROPERTY = StreamProvider.class.getName();

  private StreamProviderPin() {}

  static void pin() {
    System.getProperties().putIfAbsent(PROPERTY, MailStreamProvider.class.getName());
  }
}
