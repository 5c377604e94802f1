package dev.switchboard.server;

import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.StaticResource;

/** The agent console page at {@code /agent/}: plain HTML, CSS and JS speaking the desk protocol of {@code /agent/ws}. */
final class AgentConsole {

  private AgentConsole() {}

  static void mount(HttpRoutes routes) {
    StaticResource.mountAll(routes, AgentConsole.class, "/agent/", "console", "index.html", "console.js", "console.css",
        "canned-replies.js");
  }
}
