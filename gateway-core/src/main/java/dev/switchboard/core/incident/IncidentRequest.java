package dev.switchboard.core.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.IncidentMatch;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A request to open an incident, read from its JSON ({@code {"title", "match": {"text", "channels", "since"},
 * "text"}}): {@code since} defaults to an hour ago, {@code channels} to all, and the status text the linked
 * conversations get to one made from the title. Anything wrong throws {@link IllegalArgumentException}
 * with the reason, for a 400 or an error frame.
 */
public record IncidentRequest(String title, IncidentMatch match, String statusText) {

  /** How far back a match looks when it gives no {@code since}. */
  public static final Duration DEFAULT_SINCE = Duration.ofHours(1);
  /** The longest title and status text. */
  public static final int MAX_TEXT = 2000;

  public static IncidentRequest read(JsonNode body, Instant now) {
    String title = body.path("title").asText("").strip();
    if (title.isEmpty()) {
      throw new IllegalArgumentException("title is required");
    }
    if (title.length() > MAX_TEXT) {
      throw new IllegalArgumentException("title is longer than " + MAX_TEXT + " characters");
    }
    JsonNode match = body.path("match");
    if (!match.isObject() || match.isEmpty()) {
      throw new IllegalArgumentException("match is empty: give {\"text\": a regular expression}");
    }
    Instant since = since(match.path("since"), now);
    IncidentMatch m = new IncidentMatch(match.path("text").isTextual() ? match.path("text").asText() : null,
        channels(match.path("channels")), since);
    String text = body.path("text").asText("").strip();
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("text is longer than " + MAX_TEXT + " characters");
    }
    return new IncidentRequest(title, m, text.isEmpty() ? defaultText(title) : text);
  }

  /** The answer linked conversations get when the request gives no text. */
  static String defaultText(String title) {
    return "We know about this problem (" + title + ") and are working on it. We will keep you posted here.";
  }

  /** An update's or the final message's {@code text}: required, at most {@link #MAX_TEXT} characters. */
  public static String updateText(JsonNode body) {
    String text = body.path("text").asText("").strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text is required");
    }
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("text is longer than " + MAX_TEXT + " characters");
    }
    return text;
  }

  private static Instant since(JsonNode since, Instant now) {
    if (since.isMissingNode() || since.isNull()) {
      return now.minus(DEFAULT_SINCE);
    }
    try {
      return Instant.parse(since.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("match.since: \"" + since.asText() + "\" is not an ISO-8601 instant "
          + "(e.g. 2026-03-01T09:00:00Z)");
    }
  }

  private static Set<Channel> channels(JsonNode channels) {
    if (channels.isMissingNode() || channels.isNull()) {
      return EnumSet.allOf(Channel.class);
    }
    if (!channels.isArray() || channels.isEmpty()) {
      throw new IllegalArgumentException("match.channels must be a non-empty list of email, sms, chat");
    }
    Set<Channel> out = EnumSet.noneOf(Channel.class);
    for (JsonNode c : channels) {
      try {
        out.add(Channel.ofKey(c.asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("match.channels: \"" + c.asText() + "\" is not one of email, sms, chat");
      }
    }
    return out;
  }
}
