package dev.switchboard.chat;

import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.StaticResource;
import java.util.Map;

/** The widget script, its stylesheet and the demo page, read once from this module's resources. */
final class ChatPages {

  private static final String BASE = "/dev/switchboard/chat/web/";

  private ChatPages() {}

  static HttpHandler resource(String name) {
    return StaticResource.of(ChatPages.class, BASE + name);
  }

  static HttpHandler redirect(String location) {
    HttpResponse response = new HttpResponse(301, "text/plain; charset=utf-8", null, Map.of("Location", location));
    return HttpHandler.sync(request -> response);
  }
}
