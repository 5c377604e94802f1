package dev.switchboard.chat;

import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The widget script and the demo page, read once from this module's resources. */
final class ChatPages {

  private static final String BASE = "/dev/switchboard/chat/web/";

  private ChatPages() {}

  static HttpHandler resource(String name, String contentType) {
    byte[] body = read(name);
    HttpResponse response = new HttpResponse(200, contentType, body, Map.of(
        "Cache-Control", "no-cache",
        "X-Content-Type-Options", "nosniff"));
    return (HttpRequest request) -> response;
  }

  static HttpHandler redirect(String location) {
    HttpResponse response = new HttpResponse(301, "text/plain; charset=utf-8", null, Map.of("Location", location));
    return request -> response;
  }

  private static byte[] read(String name) {
    try (InputStream in = ChatPages.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + BASE + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
