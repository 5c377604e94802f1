package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.server.AgentConsole;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What the attachment browser tests share: a gateway with e-mail (replies to GreenMail's SMTP, mail in
 * through {@code POST /email/inbound}), the chat and the console; real files (a PNG drawn here, a small
 * PDF); and a way to see, in the console's window, the files it opened from blob URLs.
 */
final class AttachmentsRig implements AutoCloseable {

  static final String AGENT_TOKEN = "alice-files-token";
  static final String ADMIN_TOKEN = "files-admin-token";
  static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
      + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

  final Gateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  AttachmentsRig(Path dir, int smtpPort) throws Exception {
    String yaml = """
        server: { port: 0, host: 127.0.0.1 }
        storage: { sqlite: data/files.db, attachments: data/attachments }
        admin: { tokens: ["%s"] }
        channels:
          chat: { maxAttachmentSize: 1MB }
          email:
            address: support@example.com
            smtp: { host: 127.0.0.1, port: %d, tls: false }
        routing:
          offerTimeout: 2m
          tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
          rules: [ { tier: standard } ]
        agents:
          - { id: alice, name: Alice, tokenSha256: %s, tiers: [standard], capacity: { chat: 3, email: 10 } }
        cannedReplies:
          - { id: invoice, title: Invoice copy, channels: [email],
              text: "Hi {contact.name}, here is the corrected invoice for {conversation.ref}." }
        """.formatted(ADMIN_TOKEN, smtpPort, sha256(AGENT_TOKEN));
    GatewayConfig config = ConfigLoader.parse(yaml, "gateway.yaml", dir, Map.of());
    gateway = Gateway.builder(config).routes(AgentConsole::mount).build().start();
  }

  String url(String path) {
    return "http://localhost:" + gateway.port() + path;
  }

  /** A raw mail posted as a provider's inbound webhook would. */
  void postMail(byte[] raw) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/email/inbound")))
        .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "message/rfc822")
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  static byte[] png(Color color) throws IOException {
    BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 48, 32);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static Path file(Path dir, String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Accepts the console's offer whose text contains {@code text}; read and clicked in one wait (redraws). */
  static void accept(Browser agent, String text) {
    agent.waiting().until(d -> {
      for (WebElement o : d.findElements(By.cssSelector("#offers .offer"))) {
        if (o.getText().contains(text)) {
          o.findElement(By.cssSelector(".offer-accept")).click();
          return true;
        }
      }
      return false;
    });
  }

  /** From now on, every blob the page turns into a URL is kept, so a test can read what the console opened. */
  static void recordBlobs(Browser b) {
    b.driver.executeScript("window.__blobs = []; const make = URL.createObjectURL.bind(URL);"
        + "URL.createObjectURL = (blob) => { const u = make(blob); window.__blobs.push({ url: u, blob }); return u; };");
  }

  /** The type, size and first bytes (as text) of the recorded blob of {@code type}; empty until there is one. */
  @SuppressWarnings("unchecked")
  static List<Object> recordedBlob(Browser b, String type) {
    return (List<Object>) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "const e = (window.__blobs || []).find((x) => x.blob.type === arguments[0]);"
        + "if (!e) { done([]); return; }"
        + "e.blob.arrayBuffer().then((a) => done([e.blob.type, e.blob.size,"
        + "  String.fromCharCode.apply(null, new Uint8Array(a).slice(0, 8)), e.url]));", type);
  }

  /** Whether the picture {@code css} names has loaded (a broken or blocked one has no natural width). */
  static boolean pictureLoaded(Browser b, String css) {
    return Boolean.TRUE.equals(b.driver.executeScript("const i = document.querySelector(arguments[0]);"
        + "return !!i && i.complete && i.naturalWidth > 0;", css));
  }

  /** Switches to the one window opened since {@code before} and answers its address. */
  static String openedWindowUrl(Browser b, Set<String> before) {
    b.waiting().until(d -> d.getWindowHandles().size() > before.size());
    String home = b.driver.getWindowHandle();
    String opened = b.driver.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst().orElseThrow();
    b.driver.switchTo().window(opened);
    String at = b.waiting().until(d -> d.getCurrentUrl().equals("about:blank") ? null : d.getCurrentUrl());
    b.driver.close();
    b.driver.switchTo().window(home);
    return at;
  }

  static String sha256(String token) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    gateway.close();
  }
}
