package dev.switchboard.core.attachments;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Downloads of attachments through a whole gateway's HTTP server, on each database: small content (in the
 * {@code blobs} table) and large content (a file) come back with their bytes and headers, a {@code HEAD}
 * answers the headers alone and leaves no file open, a signed {@code /media} link (what Twilio fetches for an
 * outbound MMS) serves small content without a token, and content that is gone is a 404.
 */
interface DownloadsContract {

  String ADMIN = "downloads-admin-token";
  int SMALL = 40_000;
  int LARGE = (int) StorageConfig.DEFAULT_ATTACHMENTS_IN_DATABASE_UP_TO.bytes() + 50_000;
  HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The running gateway of the test class. */
  Gateway gateway();

  /** The directory its config names for attachment files. */
  Path attachmentFiles();

  /** Starts a gateway on the given {@code storage:} YAML, on 127.0.0.1 and a free port, with an admin token. */
  static Gateway start(Path dir, String storage) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, """
        server: { port: 0, host: 127.0.0.1 }
        storage: %s
        admin: { tokens: ["%s"] }
        routing:
          tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
        """.formatted(storage, ADMIN));
    return Gateway.builder(ConfigLoader.load(file)).adapters(List.of()).build().start();
  }

  @Test
  default void aSmallAttachmentIsServedFromTheDatabaseWithItsBytesAndHeaders() throws Exception {
    byte[] png = random(SMALL, (byte) 0x89);
    Blob blob = put(png, "screen shot.png", "image/png");
    assertThat(blob).isInstanceOf(Blob.Bytes.class);
    String id = received(blob);

    HttpResponse<byte[]> r = get("/api/attachments/" + id, ADMIN);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(png);
    assertThat(r.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(SMALL);
    assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(
        d -> assertThat(d).startsWith("inline;").contains("filename*=UTF-8''screen%20shot.png"));
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("Content-Security-Policy")).contains(Downloads.CONTENT_SECURITY_POLICY);
    assertThat(r.headers().firstValue("Cache-Control")).contains("private, no-store");
    assertThat(file(blob.ref())).doesNotExist();
  }

  @Test
  default void aLargeAttachmentIsStreamedFromItsFileWithItsBytesAndHeaders() throws Exception {
    byte[] pdf = random(LARGE, (byte) '%');
    Blob blob = put(pdf, "manual.pdf", "application/pdf");
    assertThat(blob).isInstanceOf(Blob.Stored.class);
    String id = received(blob);

    HttpResponse<byte[]> r = get("/api/attachments/" + id, ADMIN);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(pdf);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/pdf");
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(LARGE);
    assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(
        d -> assertThat(d).startsWith("attachment;").contains("filename=\"manual.pdf\""));
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(file(blob.ref())).exists();
    // Closed once the last byte was sent.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openedBy(file(blob.ref())) == 0);
  }

  @Test
  default void aHeadAnswersTheHeadersOfSmallAndLargeContentAndLeavesNoFileOpen() throws Exception {
    Blob small = put(random(SMALL, (byte) 1), "small.bin", "application/octet-stream");
    Blob large = put(random(LARGE, (byte) 2), "large.bin", "application/octet-stream");
    String smallId = received(small);
    String largeId = received(large);

    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> s = head("/api/attachments/" + smallId);
      HttpResponse<byte[]> l = head("/api/attachments/" + largeId);

      assertThat(s.statusCode()).isEqualTo(200);
      assertThat(s.headers().firstValueAsLong("Content-Length")).hasValue(SMALL);
      assertThat(s.body()).isEmpty();
      assertThat(l.statusCode()).isEqualTo(200);
      assertThat(l.headers().firstValueAsLong("Content-Length")).hasValue(LARGE);
      assertThat(l.headers().firstValue("Content-Disposition")).hasValueSatisfying(
          d -> assertThat(d).contains("filename=\"large.bin\""));
      assertThat(l.body()).isEmpty();
    }
    assertThat(openedBy(file(large.ref()))).isZero();
  }

  @Test
  default void aSignedMediaLinkServesASmallAttachmentWithoutAToken() throws Exception {
    byte[] jpeg = random(12_000, (byte) 0xff);
    Blob blob = put(jpeg, "photo.jpg", "image/jpeg");
    assertThat(blob).isInstanceOf(Blob.Bytes.class);
    URI link = gateway().attachmentLinks().link(received(blob), Duration.ofMinutes(5));

    HttpResponse<byte[]> r = get(link.getRawPath() + "?" + link.getRawQuery(), null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(jpeg);
    assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(r.headers().firstValue("Cache-Control")).contains("private, max-age=300");
    assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).startsWith("inline;"));
  }

  @Test
  default void anAttachmentWhoseContentIsGoneIs404() throws Exception {
    Blob blob = put(random(LARGE, (byte) 3), "gone.bin", "application/octet-stream");
    String id = received(blob);
    Files.delete(file(blob.ref()));

    HttpResponse<byte[]> r = get("/api/attachments/" + id, ADMIN);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new String(r.body())).contains("\"not_found\"").contains(id);
  }

  default Blob put(byte[] content, String filename, String type) throws IOException {
    return gateway().blobs().put(new ByteArrayInputStream(content), filename, type, false, 10L << 20);
  }

  /** A customer's SMS carrying {@code blob}, stored; the id of its attachment. */
  default String received(Blob blob) {
    String from = "+1555" + (1_000_000 + new Random().nextInt(8_999_999));
    var stored = await(gateway().ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone(from),
            "SM" + UUID.randomUUID(), "+15550001111|" + from).text("see attached").attachments(List.of(blob))
        .receivedAt(Instant.now()).build()));
    return await(gateway().store().message(stored.messageId())).orElseThrow().attachments().get(0).id();
  }

  default HttpResponse<byte[]> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> head(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + ADMIN)
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway().port() + path);
  }

  private Path file(AttachmentRef ref) {
    String sha = ref.sha256();
    return attachmentFiles().resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
  }

  /** How many of this process's open file descriptors are {@code file} (Linux's {@code /proc/self/fd}). */
  private static long openedBy(Path file) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeThat(Files.isDirectory(fds)).as("/proc/self/fd lists open files").isTrue();
    Path target = file.toRealPath();
    try (Stream<Path> open = Files.list(fds)) {
      return open.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(target);
        } catch (IOException e) {
          return false; // closed meanwhile, or the listing's own descriptor
        }
      }).count();
    }
  }

  static byte[] random(int n, byte first) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    b[0] = first;
    return b;
  }
}
