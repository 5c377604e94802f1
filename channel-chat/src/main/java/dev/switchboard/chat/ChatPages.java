package dev.switchboard.chat;

import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.StaticResource;
import java.util.List;
import java.util.Map;

/**
 * The widget script, its modules and stylesheet, and the demo page, read once from this module's resources.
 * The widget's modules are imported from the customer's page, so they answer any origin (CORS).
 */
final class ChatPages {

  private static final String BASE = "/dev/switchboard/chat/web/";

  private ChatPages() {}

  static HttpHandler resource(String name) {
    return StaticResource.of(ChatPages.class, BASE + name);
  }

  /** The widget's ES modules, each at {@code /chat/widget/<file>}, which {@code widget.js} imports. */
  static final List<String> WIDGET_MODULES = List.of("main.js", "storage.js", "view.js", "log.js", "status.js",
      "csat.js", "outgoing.js", "connection.js");

  static void mountWidget(HttpRoutes routes) {
    routes.get("/chat/widget.js", resource("widget.js"))
        .get("/chat/widget.css", resource("widget.css"));
    for (String module : WIDGET_MODULES) {
      routes.get("/chat/widget/" + module,
          StaticResource.of(ChatPages.class, BASE + "widget/" + module).readableByAnyOrigin());
    }
  }

  static HttpHandler redirect(String location) {
    HttpResponse response = new HttpResponse(301, "text/plain; charset=utf-8", null, Map.of("Location", location));
    return HttpHandler.sync(request -> response);
  }
}
