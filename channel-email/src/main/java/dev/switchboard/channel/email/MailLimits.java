package dev.switchboard.channel.email;

import dev.switchboard.config.EmailConfig;

/** How much of a mail the gateway accepts: total bytes, number of MIME parts, multipart nesting depth. */
record MailLimits(long maxBytes, int maxParts, int maxDepth) {

  MailLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    if (maxParts < 1) {
      throw new IllegalArgumentException("maxParts: " + maxParts + " (expected: > 0)");
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth: " + maxDepth + " (expected: > 0)");
    }
  }

  static MailLimits of(EmailConfig config) {
    return new MailLimits(config.maxMessageSize().bytes(), config.maxParts(), config.maxDepth());
  }
}
