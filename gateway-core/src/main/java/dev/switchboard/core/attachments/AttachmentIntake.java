package dev.switchboard.core.attachments;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.BodyLimit;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.RequestHead;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.BlobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Takes a file uploaded over HTTP (an agent's for a reply, a chat visitor's) into the blob store under a
 * channel's {@link AttachmentRules}: a type off the allowlist is answered 415, a body over the size 413
 * naming the limit (before the body is read when {@code Content-Length} says so, as it arrives otherwise,
 * and once more while it streams into the store). Refusals are counted in
 * {@code switchboard.attachments.rejected{channel, reason}}, stored files in {@code switchboard.attachments.stored}.
 */
public final class AttachmentIntake {

  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");
  private static final int MAX_FILENAME_CHARS = 200;

  private final BlobStore blobs;
  private final AttachmentRules rules;
  private final MeterRegistry meters;
  private final Executor disk;

  /** {@code disk} runs the copy into the blob store: our own file I/O, kept off the handlers' pool. */
  public AttachmentIntake(BlobStore blobs, AttachmentRules rules, MeterRegistry meters, Executor disk) {
    this.blobs = requireNonNull(blobs, "blobs");
    this.rules = requireNonNull(rules, "rules");
    this.meters = requireNonNull(meters, "meters");
    this.disk = requireNonNull(disk, "disk");
  }

  public AttachmentRules rules() {
    return rules;
  }

  /** The body limit of an upload route for one channel (the chat's). */
  public BodyLimit limitFor(Channel channel) {
    return new BodyLimit() {
      @Override
      public long maxBytes(RequestHead head) {
        return rules.of(channel).maxBytes();
      }

      @Override
      public String message(RequestHead head, long maxBytes) {
        return tooLarge(rules.of(channel));
      }

      @Override
      public void refused(RequestHead head) {
        rejected(channel.key(), "too_large");
      }
    };
  }

  /** The body limit of an upload route whose channel is known only from its conversation: the largest of any. */
  public BodyLimit largestLimit() {
    return new BodyLimit() {
      @Override
      public long maxBytes(RequestHead head) {
        return rules.largestMaxBytes();
      }

      @Override
      public String message(RequestHead head, long maxBytes) {
        return "The attachment is larger than " + size(maxBytes) + ", the largest any channel takes "
            + "(channels.*.maxAttachmentSize).";
      }

      @Override
      public void refused(RequestHead head) {
        rejected("any", "too_large");
      }
    };
  }

  /**
   * Checks the request's type against {@code channel}'s allowlist, then streams its body into the blob
   * store; completes with the content taken in (no id yet; a small one's bytes, for the store to write with
   * its upload or message) or fails with {@link HttpException} 413 or 415.
   */
  public CompletionStage<Blob> store(HttpRequest request, Channel channel, String filename) {
    AttachmentRules.Limits limits = rules.of(channel);
    String name = filename(filename);
    String type = contentType(request, name);
    if (!limits.allows(type)) {
      rejected(channel.key(), "type");
      return CompletableFuture.failedFuture(new HttpException(415, "unsupported_attachment_type",
          "Files of type " + type + " cannot be attached on " + channel.key() + "; allowed: "
              + String.join(", ", limits.types()) + " (" + limits.typesKey() + ")."));
    }
    if (request.body().length() > limits.maxBytes()) {
      rejected(channel.key(), "too_large");
      return CompletableFuture.failedFuture(new HttpException(413, "payload_too_large", tooLarge(limits)));
    }
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream in = request.body().open()) {
        Blob stored = blobs.put(in, name, type, false, limits.maxBytes());
        meters.counter("switchboard.attachments.stored", "channel", channel.key()).increment();
        return stored;
      } catch (BlobStore.BlobTooLargeException e) {
        rejected(channel.key(), "too_large");
        throw new HttpException(413, "payload_too_large", tooLarge(limits));
      } catch (IOException e) {
        throw new UncheckedIOException("could not store an attachment", e);
      }
    }, disk);
  }

  /** The file's name without any path, control characters or excess length; {@code attachment} when none is left. */
  public static String filename(String raw) {
    if (raw == null) {
      return "attachment";
    }
    String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
    StringBuilder out = new StringBuilder();
    name.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
        .forEach(out::appendCodePoint);
    String clean = out.toString().strip();
    if (clean.length() > MAX_FILENAME_CHARS) {
      clean = clean.substring(0, MAX_FILENAME_CHARS);
    }
    return clean.isEmpty() || clean.equals(".") || clean.equals("..") ? "attachment" : clean;
  }

  /** The declared media type, or one guessed from the name when none (or only octet-stream) was sent. */
  static String contentType(RequestHead request, String filename) {
    String declared = request.mediaType();
    if (!declared.isEmpty() && !declared.equals("application/octet-stream") && MEDIA_TYPE.matcher(declared).matches()) {
      return declared;
    }
    String guessed = URLConnection.guessContentTypeFromName(filename.toLowerCase(Locale.ROOT));
    return guessed != null ? guessed : "application/octet-stream";
  }

  private static String tooLarge(AttachmentRules.Limits limits) {
    return "The attachment is larger than the limit of " + size(limits.maxBytes()) + " on " + limits.channel().key()
        + " (" + limits.sizeKey() + ").";
  }

  static String size(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KB";
    }
    return bytes + " bytes";
  }

  private void rejected(String channel, String reason) {
    Counter.builder("switchboard.attachments.rejected")
        .description("Attachment uploads refused, by channel and reason (too_large, type)")
        .tag("channel", channel).tag("reason", reason)
        .register(meters).increment();
  }
}
