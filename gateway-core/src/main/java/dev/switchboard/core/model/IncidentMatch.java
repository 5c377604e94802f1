package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an incident takes in: conversations on {@code channels} whose customer wrote, since {@code since},
 * text in which {@code text} (a Java regular expression) is found. The constructor refuses an empty or
 * invalid expression with an {@link IllegalArgumentException} that gives the reason.
 */
public record IncidentMatch(String text, Set<Channel> channels, Instant since) {

  /** The longest expression accepted. */
  public static final int MAX_LENGTH = 1000;

  public IncidentMatch {
    requireNonNull(since, "since");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("match.text is empty: give a regular expression the customers' text must contain");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("match.text is longer than " + MAX_LENGTH + " characters");
    }
    try {
      Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("match.text is not a valid regular expression: "
          + e.getDescription() + " near index " + e.getIndex());
    }
    channels = channels == null || channels.isEmpty() ? EnumSet.allOf(Channel.class) : Set.copyOf(channels);
  }

  /** The expression, compiled (each call compiles anew: keep the result). */
  public Pattern pattern() {
    return Pattern.compile(text);
  }
}
