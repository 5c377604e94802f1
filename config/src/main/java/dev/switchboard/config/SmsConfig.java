package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Twilio: the account, its numbers, and where its REST API is (a stand-in in tests). {@code sendsPerSecond}:
 * at most this many messages a second leave from each of our numbers (Twilio's per-number rate: 1 for a
 * US long code); none (the default) leaves the pacing to Twilio's own queue.
 */
public record SmsConfig(
    @Required String accountSid,
    @Required Secret authToken,
    List<String> numbers,
    URI apiBaseUrl,
    String helpText,
    @Positive DataSize maxMediaSize,
    @Positive Duration requestTimeout,
    @Positive DataSize maxAttachmentSize,
    List<String> attachmentTypes,
    @Positive Double sendsPerSecond) {

  public SmsConfig {
    numbers = numbers == null ? List.of() : List.copyOf(numbers);
    apiBaseUrl = apiBaseUrl == null ? URI.create("https://api.twilio.com") : apiBaseUrl;
    helpText = helpText == null
        ? "Reply with your question and an agent will answer. Reply STOP to opt out." : helpText;
    maxMediaSize = maxMediaSize == null ? DataSize.ofMegabytes(5) : maxMediaSize;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    maxAttachmentSize = maxAttachmentSize == null ? DataSize.ofMegabytes(5) : maxAttachmentSize;
    attachmentTypes = attachmentTypes == null ? AttachmentTypes.MMS : List.copyOf(attachmentTypes);
  }

  /** Unpaced. */
  public SmsConfig(String accountSid, Secret authToken, List<String> numbers, URI apiBaseUrl, String helpText,
      DataSize maxMediaSize, Duration requestTimeout, DataSize maxAttachmentSize, List<String> attachmentTypes) {
    this(accountSid, authToken, numbers, apiBaseUrl, helpText, maxMediaSize, requestTimeout, maxAttachmentSize,
        attachmentTypes, null);
  }
}
