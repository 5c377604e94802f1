package dev.switchboard.config;

/**
 * The acknowledgement sent on a new conversation. {@code {expectedWait}} in the text is replaced by
 * the wait expected for the conversation's tier; {@code outsideHoursText} is used when closed.
 */
public record AutoReplyConfig(Boolean enabled, String text, String outsideHoursText) {

  public AutoReplyConfig {
    enabled = enabled == null ? Boolean.FALSE : enabled;
    text = text == null ? "Thanks, we have your message. Expected reply within {expectedWait}." : text;
    outsideHoursText = outsideHoursText == null
        ? "Thanks, we have your message. We are closed now and will answer when we open again." : outsideHoursText;
  }
}
