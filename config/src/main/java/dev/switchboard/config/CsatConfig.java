package dev.switchboard.config;

import java.time.Duration;
import java.util.List;

/**
 * Customer satisfaction surveys: {@code delay} after a conversation is resolved, its customer is asked
 * {@code question} once on the conversation's channel, if that channel is in {@code channels}. An answer is
 * taken for {@code window} after the ask (the SMS reply window and the life of an e-mail's links).
 */
public record CsatConfig(Boolean enabled, String question, List<String> channels, Duration delay,
    @Positive Duration window) {

  /** The question asked when the file sets none. */
  public static final String DEFAULT_QUESTION = "How satisfied are you with the help you received?";

  public CsatConfig {
    enabled = enabled != null && enabled;
    question = question == null ? DEFAULT_QUESTION : question;
    channels = channels == null ? ConfigValidator.CHANNELS : List.copyOf(channels);
    delay = delay == null ? Duration.ofMinutes(5) : delay;
    window = window == null ? Duration.ofDays(3) : window;
  }

  /** Surveys off. */
  public static CsatConfig disabled() {
    return new CsatConfig(false, null, null, null, null);
  }

  /** Whether customers of {@code channel} (a channel key: email, sms, chat) are asked. */
  public boolean asks(String channel) {
    return enabled && channels.contains(channel);
  }
}
