package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Message;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * What an agent's files become on SMS: pictures go as MMS media, fetched by Twilio from a signed link that
 * expires after {@link #FETCH_TTL} (Twilio fetches at once, and again only on its own retries); any other
 * file, which a phone cannot show as MMS, becomes a line of the text with a link that lasts
 * {@link #READ_TTL}, for the customer to open.
 */
final class MediaLinks {

  static final Duration FETCH_TTL = Duration.ofHours(1);
  static final Duration READ_TTL = Duration.ofDays(7);
  /** Twilio takes at most ten media per message. */
  static final int MAX_MEDIA = 10;

  /** The text to send and the media Twilio is to fetch. */
  record Parts(String text, List<URI> mediaUrls) {}

  private final BiFunction<String, Duration, URI> link;

  /** {@code link} signs a link to an attachment id that lasts the given time. */
  MediaLinks(BiFunction<String, Duration, URI> link) {
    this.link = requireNonNull(link, "link");
  }

  Parts parts(Message m) {
    List<URI> media = new ArrayList<>();
    StringBuilder text = new StringBuilder(m.text());
    for (AttachmentRef a : m.attachments()) {
      if (a.contentType().toLowerCase(Locale.ROOT).startsWith("image/") && media.size() < MAX_MEDIA) {
        media.add(link.apply(a.id(), FETCH_TTL));
      } else {
        text.append(text.isEmpty() ? "" : "\n").append(a.filename()).append(": ").append(link.apply(a.id(), READ_TTL));
      }
    }
    return new Parts(text.toString(), List.copyOf(media));
  }
}
