package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Blob;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.http.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an MMS's media from Twilio with the account's credentials and streams it into the blob store.
 *
 * <p>Only URLs under the configured API base are fetched: the webhook is signed, but a URL in it is
 * still input, and we never want a message to make the gateway fetch from (or send our credentials to)
 * an arbitrary host. Twilio answers a media URL with a redirect to its CDN; that redirect comes from the
 * API we trust and is followed, but without the credentials unless it stays on the API's origin.
 */
final class MediaFetcher {

  private static final Logger log = LoggerFactory.getLogger(MediaFetcher.class);
  private static final int MAX_REDIRECTS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, String> EXTENSIONS = Map.of(
      "image/jpeg", ".jpg", "image/png", ".png", "image/gif", ".gif", "image/webp", ".webp",
      "video/mp4", ".mp4", "audio/mpeg", ".mp3", "audio/ogg", ".ogg", "text/vcard", ".vcf",
      "text/plain", ".txt", "application/pdf", ".pdf");

  private final SmsSettings settings;
  private final BlobStore blobs;
  private final SmsMetrics metrics;
  private final HttpClient http;
  private final String authorization;

  MediaFetcher(SmsSettings settings, BlobStore blobs, SmsMetrics metrics, HttpClient http) {
    this.settings = requireNonNull(settings, "settings");
    this.blobs = requireNonNull(blobs, "blobs");
    this.metrics = requireNonNull(metrics, "metrics");
    this.http = requireNonNull(http, "http");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (settings.accountSid() + ":" + settings.authToken().reveal()).getBytes(StandardCharsets.UTF_8));
  }

  static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER) // followed by hand, to drop the credentials
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** What became of one media item. */
  sealed interface Outcome {
    /** Taken in by the blob store: a small item's bytes are written with its message, a large one is a file. */
    record Stored(Blob attachment) implements Outcome {}

    /** Not stored; {@code reason} is {@code outside_api}, {@code too_large} or {@code fetch_failed}. */
    record Refused(String reason, String detail) implements Outcome {}
  }

  Outcome fetch(String messageSid, InboundSms.Media media) {
    Outcome outcome = download(messageSid, media);
    if (outcome instanceof Outcome.Refused r) {
      metrics.mediaRefused(r.reason());
      log.warn("MMS {} media {} not stored: {} ({})", LogSafe.quote(messageSid), media.index(), r.reason(),
          LogSafe.quote(r.detail()));
    } else {
      metrics.mediaStored();
    }
    return outcome;
  }

  /** Whether {@code url} is on the API base's scheme, host and port (and under its path, if it has one). */
  static boolean underApiBase(URI base, URI url) {
    if (url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null) {
      return false;
    }
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return url.getScheme().equalsIgnoreCase(base.getScheme())
        && url.getHost().equalsIgnoreCase(base.getHost())
        && port(url) == port(base)
        && (basePath.isEmpty() || basePath.equals("/") || path.startsWith(basePath))
        && !path.contains("/../");
  }

  private Outcome download(String messageSid, InboundSms.Media media) {
    if (!underApiBase(settings.apiBaseUrl(), media.url())) {
      return new Outcome.Refused("outside_api", media.url().getHost() + " is not the configured API "
          + settings.apiBaseUrl());
    }
    URI url = media.url();
    try {
      for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET();
        if (underApiBase(settings.apiBaseUrl(), url)) {
          request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          int status = response.statusCode();
          Optional<String> location = response.headers().firstValue("location");
          if (status >= 300 && status < 400 && location.isPresent()) {
            url = url.resolve(location.get());
            continue;
          }
          if (status != 200) {
            return new Outcome.Refused("fetch_failed", "HTTP " + status + " from " + url.getHost());
          }
          OptionalLong length = response.headers().firstValueAsLong("content-length");
          if (length.isPresent() && length.getAsLong() > settings.maxMediaBytes()) {
            return tooLarge(length.getAsLong());
          }
          String type = media.contentType() != null
              ? media.contentType()
              : response.headers().firstValue("content-type").orElse(null);
          return new Outcome.Stored(blobs.put(body, filename(messageSid, media.index(), type), type, false,
              settings.maxMediaBytes()));
        }
      }
      return new Outcome.Refused("fetch_failed", "more than " + MAX_REDIRECTS + " redirects");
    } catch (BlobStore.BlobTooLargeException e) {
      return tooLarge(-1);
    } catch (IOException e) {
      return new Outcome.Refused("fetch_failed", e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Refused("fetch_failed", "interrupted");
    } catch (IllegalArgumentException e) {
      return new Outcome.Refused("fetch_failed", "bad redirect: " + e.getMessage());
    }
  }

  private Outcome tooLarge(long size) {
    return new Outcome.Refused("too_large", (size < 0 ? "more than " : size + " bytes, over ")
        + settings.maxMediaBytes() + " bytes (channels.sms.maxMediaSize)");
  }

  static String filename(String messageSid, int index, String contentType) {
    String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    return messageSid + "-" + index + EXTENSIONS.getOrDefault(type, "");
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
