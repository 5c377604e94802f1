package dev.switchboard.bench.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.bench.Log;
import java.util.concurrent.atomic.AtomicInteger;

/** Reading frames: the agents' side sees a measured text either in {@code message.text} or in {@code text}. */
final class ChatParty {

  private static final AtomicInteger ERRORS_LOGGED = new AtomicInteger();

  private ChatParty() {}

  static JsonNode parse(String frame) {
    try {
      return Json.read(frame);
    } catch (Exception e) {
      return Json.mapper().createObjectNode();
    }
  }

  /** The measured text a {@code message} frame carries (the gateway's or the bare relay's shape). */
  static BenchText measured(JsonNode frame) {
    JsonNode message = frame.get("message");
    String text = message != null && message.isObject() ? message.path("text").asText(null) : frame.path("text").asText(null);
    return BenchText.parse(text);
  }

  /** Logs the first few error frames, so that a broken run says why. */
  static void logError(String who, JsonNode frame) {
    if (ERRORS_LOGGED.incrementAndGet() <= 10) {
      Log.info("%s got error frame: %s", who, frame);
    }
  }
}
