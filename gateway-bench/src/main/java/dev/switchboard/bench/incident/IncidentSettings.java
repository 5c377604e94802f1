package dev.switchboard.bench.incident;

import dev.switchboard.bench.Flags;
import java.time.Duration;

/**
 * What an incident run is sized to: {@code conversations} linked conversations, half SMS (each from its own
 * number) and half chat, the SMS outbox paced at {@code sendsPerSecond}, at most {@code inFlight} chat visitors
 * opening at once, the last {@code staying} chat visitors connected to see the push, and how long each wait may take.
 */
record IncidentSettings(int conversations, int sms, int chat, double sendsPerSecond, int staying, int inFlight,
    Duration timeout) {

  IncidentSettings {
    if (conversations < 2) {
      throw new IllegalArgumentException("conversations: " + conversations + " (expected: >= 2)");
    }
    if (!(sendsPerSecond > 0)) {
      throw new IllegalArgumentException("sends-per-second: " + sendsPerSecond + " (expected: > 0)");
    }
    if (staying < 0 || staying > chat) {
      throw new IllegalArgumentException("connected: " + staying + " (expected: 0.." + chat + ")");
    }
    if (inFlight < 1 || inFlight + staying > 4000) {
      throw new IllegalArgumentException("in-flight: " + inFlight + " with " + staying
          + " connected (expected: at least 1, and at most 4000 sockets open at once)");
    }
  }

  static IncidentSettings from(Flags flags) {
    int conversations = flags.integer("conversations", 20_000);
    int sms = conversations / 2;
    int chat = conversations - sms;
    return new IncidentSettings(conversations, sms, chat, flags.integer("sends-per-second", 100),
        flags.integer("connected", Math.min(2000, chat)), flags.integer("in-flight", 1000),
        flags.duration("timeout", Duration.ofSeconds(240)));
  }
}
