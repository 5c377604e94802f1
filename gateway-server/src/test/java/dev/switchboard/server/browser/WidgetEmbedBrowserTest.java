package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.chat.ChatChannelAdapter;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.testing.Futures;
import dev.switchboard.core.testing.GatewayExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The widget as a customer's site embeds it: a page served from another origin (another host and port)
 * with the one {@code <script>} tag pointing at the gateway. The loader imports the widget's modules from
 * the gateway across origins (CORS), comes online over the websocket (the site's origin is allowed), a
 * message typed is stored and acknowledged, and a {@code SwitchboardChat.send} the page made before the
 * modules arrived is sent once they do.
 */
class WidgetEmbedBrowserTest {

  static final HttpServer site = site();

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      channels:
        chat: { allowedOrigins: ["http://127.0.0.1:%d"] }
      """.formatted(site.getAddress().getPort()))
      .adapters(new ChatChannelAdapter()).build();

  @BeforeAll
  static void browserPresent() {
    Browser.assumeInstalled();
  }

  @AfterAll
  static void stopSite() {
    site.stop(0);
  }

  @Test
  void aPageOnAnotherOriginLoadsTheWidgetAndChats() throws Exception {
    try (Browser b = Browser.open()) {
      b.driver.get("http://127.0.0.1:" + site.getAddress().getPort() + "/shop.html");
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      assertThat(b.driver.findElement(By.cssSelector("#sbw-panel h2")).getText()).isEqualTo("Ask the shop");

      b.driver.findElement(By.id("sbw-input")).sendKeys("Typed on the shop's page.");
      b.driver.findElement(By.id("sbw-send")).click();
      b.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-msg-in[data-id]")).size() == 2);
      b.screenshot("chat-widget-embedded");

      List<String> stored = customerTexts();
      assertThat(stored).containsExactlyInAnyOrder("Sent by the page before the widget loaded.",
          "Typed on the shop's page.");
    }
  }

  private static List<String> customerTexts() {
    var conversations = Futures.await(gateway.store()
        .conversations(ConversationQuery.all().channel(Channel.CHAT).limit(10)));
    assertThat(conversations).hasSize(1);
    return Futures.await(gateway.store().messages(conversations.get(0).id())).stream()
        .filter(m -> m.direction() == Direction.IN).map(Message::text).toList();
  }

  /** The customer's site: one page on 127.0.0.1 (the gateway is reached as localhost, another origin). */
  private static HttpServer site() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/shop.html", exchange -> {
        byte[] page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>A shop</title></head>
            <body><h1>A shop</h1>
            <script src="http://localhost:%d/chat/widget.js" data-title="Ask the shop" data-open="true"></script>
            <script>window.SwitchboardChat.send("Sent by the page before the widget loaded.");</script>
            </body></html>
            """.formatted(gateway.port()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(page);
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
