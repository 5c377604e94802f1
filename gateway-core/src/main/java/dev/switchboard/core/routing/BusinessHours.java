package dev.switchboard.core.routing;

import dev.switchboard.config.BusinessHoursConfig;
import java.time.Instant;

/** Whether the support team is open at a moment; always open when no hours are configured. */
final class BusinessHours {

  private final BusinessHoursConfig config;

  BusinessHours(BusinessHoursConfig config) {
    this.config = config;
  }

  boolean isOpen(Instant at) {
    if (config == null || config.open() == null || config.zone() == null) {
      return true;
    }
    return config.open().isOpen(at.atZone(config.zone()));
  }
}
