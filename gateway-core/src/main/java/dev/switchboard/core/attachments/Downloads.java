package dev.switchboard.core.attachments;

import dev.switchboard.core.http.BodyStream;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer that hands out a stored file: its content looked up first, off the event loop (the database's
 * read on the store's reader pool, see {@link BlobStore#find}), so that the loop that writes the answer only
 * wraps bytes already read or opens a local file; with its stored type, never sniffed
 * ({@code X-Content-Type-Options: nosniff}, set on every answer), shown in the browser only for pictures a
 * browser cannot run ({@code inline}), downloaded otherwise ({@code attachment}), and sandboxed by its own
 * Content-Security-Policy should a browser render it anyway.
 */
final class Downloads {

  private static final Logger log = LoggerFactory.getLogger(Downloads.class);
  /** Shown inline: raster pictures. SVG is not here: it can carry script. */
  private static final Set<String> SAFE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; sandbox";

  private Downloads() {}

  /**
   * The answer for {@code ref} once its content is found: small content (read from the database) as the
   * body itself, a file streamed as it is sent (opened only when a body is written: a {@code HEAD} opens
   * nothing); a 404 when the content is not stored.
   */
  static CompletionStage<HttpResponse> of(AttachmentRef ref, BlobStore blobs, String cacheControl) {
    return blobs.find(ref.sha256()).thenApply(found -> answer(ref, found.orElseThrow(() -> {
      log.warn("Attachment {} names content {} that is not stored", ref.id(), ref.sha256());
      return HttpException.notFound("The content of attachment " + ref.id() + " is not stored.");
    }), cacheControl));
  }

  private static HttpResponse answer(AttachmentRef ref, BlobStore.Content content, String cacheControl) {
    String type = type(ref.contentType());
    HttpResponse body = content instanceof BlobStore.Content.Bytes bytes
        ? new HttpResponse(200, type, bytes.content(), Map.of())
        : HttpResponse.streamed(type, new BodyStream() {
          @Override
          public long length() {
            return ref.size();
          }

          @Override
          public InputStream open() throws IOException {
            return content.open(); // a local file: the trade Netty's own file server makes on its loop
          }
        });
    return body
        .withHeader("Content-Disposition", disposition(SAFE_IMAGES.contains(type), ref.filename()))
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .withHeader("Cache-Control", cacheControl);
  }

  /** The stored type when well-formed (parameters dropped), else {@code application/octet-stream}. */
  static String type(String stored) {
    String t = stored == null ? "" : stored.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return MEDIA_TYPE.matcher(t).matches() ? t : "application/octet-stream";
  }

  /** RFC 6266: an ASCII fallback name and the exact one in RFC 5987 form. */
  static String disposition(boolean inline, String filename) {
    StringBuilder ascii = new StringBuilder();
    for (char c : filename.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
    }
    String exact = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + exact;
  }
}
