package dev.switchboard.sms;

import dev.switchboard.core.model.Identity;
import java.util.Optional;

/** The SMS thread key {@code <our number>|<their number>}, e.g. {@code +15550001111|+15557654321}. */
final class ThreadKey {

  private ThreadKey() {}

  static String of(String ourNumber, String theirNumber) {
    return ourNumber + "|" + theirNumber;
  }

  /** Our number from a key made by {@link #of}; empty for a key of another shape (a proactive thread). */
  static Optional<String> ourNumber(String threadKey) {
    int bar = threadKey.indexOf('|');
    if (bar <= 0) {
      return Optional.empty();
    }
    String ours = threadKey.substring(0, bar);
    return Identity.isE164(ours) ? Optional.of(ours) : Optional.empty();
  }
}
