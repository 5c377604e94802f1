package dev.switchboard.sms;

import dev.switchboard.core.model.DeliveryStatus;
import java.util.Locale;
import java.util.Optional;

/** Twilio's message statuses, as our delivery states. */
final class TwilioStatus {

  private TwilioStatus() {}

  /** The delivery state for a {@code MessageStatus}; empty for inbound or unknown ones. */
  static Optional<DeliveryStatus> toDelivery(String twilioStatus) {
    if (twilioStatus == null) {
      return Optional.empty();
    }
    return switch (twilioStatus.toLowerCase(Locale.ROOT)) {
      case "accepted", "scheduled", "queued" -> Optional.of(DeliveryStatus.QUEUED);
      case "sending" -> Optional.of(DeliveryStatus.SENDING);
      case "sent" -> Optional.of(DeliveryStatus.SENT);
      case "delivered", "read" -> Optional.of(DeliveryStatus.DELIVERED);
      case "undelivered", "failed", "canceled" -> Optional.of(DeliveryStatus.FAILED);
      default -> Optional.empty();
    };
  }

  /**
   * Whether a callback saying {@code next} moves a message that is {@code current}: only forward, as
   * Twilio's callbacks may arrive out of order ("sent" after "delivered").
   */
  static boolean movesForward(DeliveryStatus current, DeliveryStatus next) {
    return current.advancesTo(next);
  }
}
