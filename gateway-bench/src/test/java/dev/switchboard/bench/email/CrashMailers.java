package dev.switchboard.bench.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.crash.RetryingSenders;
import dev.switchboard.bench.crash.SendersAndAgent;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Customers writing in both ways at once: mail providers posting raw MIME to {@code /email/inbound}, one
 * mail at a time per thread (acknowledged by a 202, posted again with the same Message-ID until then),
 * and mail landing in the support mailbox the gateway reads over IMAP (one for every third post
 * answered), which it must take in exactly once whenever it is killed.
 */
public final class CrashMailers implements SendersAndAgent.Senders {

  static final int SENDERS = 8;
  /** IMAP mails are numbered from here, so no body repeats one posted over HTTP. */
  private static final int IMAP_NUMBERS = 1_000_000;

  /** One mail posted over HTTP: its number and Message-ID. */
  private record Post(long n, String messageId) {}

  private final String run = Long.toString(System.nanoTime(), 36);
  private final GreenMailUser mailbox;
  private final RetryingSenders<Post> posters;
  private final Set<String> delivered = ConcurrentHashMap.newKeySet(); // Message-IDs put in the mailbox
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public CrashMailers(GreenMailUser mailbox, int threads) {
    this.mailbox = mailbox;
    this.posters = new RetryingSenders<>(threads, (poster, n) -> new Post(n, messageId("h", n)), Post::messageId,
        "posting");
  }

  @Override
  public void begin(GatewayProcess gateway) {
    URI endpoint = URI.create("http://127.0.0.1:" + gateway.port() + "/email/inbound");
    posters.begin((poster, post) -> post(endpoint, post));
  }

  @Override
  public void stop() throws InterruptedException {
    posters.stop();
  }

  @Override
  public void stopWriting() {
    posters.stopWriting();
  }

  /** Posted mails answered 202: Message-ID to the stored message id. */
  @Override
  public Map<String, String> acknowledged() {
    return posters.acknowledged();
  }

  @Override
  public int unacknowledged() {
    return posters.unacknowledged();
  }

  /** Message-IDs of the mails put in the support mailbox. */
  public Set<String> delivered() {
    return Set.copyOf(delivered);
  }

  int refused() {
    return posters.refused();
  }

  /** Posts {@code mail} once more, as a provider retrying would, and returns the gateway's JSON answer. */
  JsonNode postAgain(GatewayProcess gateway, String messageId) throws IOException, InterruptedException {
    long n = Long.parseLong(messageId.substring(run.length() + 2, messageId.indexOf('@')));
    HttpResponse<String> r = http.send(request(URI.create("http://127.0.0.1:" + gateway.port() + "/email/inbound"),
        n), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("posting " + messageId + " again: " + r.statusCode() + " " + r.body());
    }
    return Json.read(r.body());
  }

  /** Posts one mail; a 202 also puts every third one's twin in the support mailbox. */
  private Optional<String> post(URI endpoint, Post post) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request(endpoint, post.n()), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      return Optional.empty();
    }
    if (post.n() % 3 == 0) {
      deliverToMailbox(IMAP_NUMBERS + post.n());
    }
    return Optional.of(Json.read(r.body()).path("messageId").asText());
  }

  private HttpRequest request(URI endpoint, long n) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + GatewayConfigFile.ADMIN_TOKEN)
        .header("Content-Type", "message/rfc822")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Mails.typicalBytes(run + "h", n, SENDERS, mailbox.getEmail())))
        .build();
  }

  /**
   * One delivery at a time: GreenMail takes a mail's UID before it adds the mail to the folder, so two
   * deliveries at once can show UID n+1 before UID n, which RFC 3501 forbids (UIDs ascend with the
   * sequence) and a real server never does. A reader that has moved past n+1 rightly never asks for n.
   */
  private synchronized void deliverToMailbox(long n) {
    mailbox.deliver(GreenMailUtil.newMimeMessage(Mails.typical(run + "i", n, SENDERS, mailbox.getEmail())));
    delivered.add(messageId("i", n));
  }

  private String messageId(String kind, long n) {
    return run + kind + "." + n + "@customers.bench.test";
  }
}
