package dev.switchboard.server;

import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.StaticResource;

/** The agent console page at {@code /agent/}: plain HTML, CSS and JS speaking the desk protocol of {@code /agent/ws}. */
public final class AgentConsole {

  private AgentConsole() {}

  /** Mounts every file of the console; the browser tests mount it the same way, so none is forgotten. */
  public static void mount(HttpRoutes routes) {
    StaticResource.mountAll(routes, AgentConsole.class, "/agent/", "console", "index.html", "console.js", "console.css",
        "canned-replies.js");
  }
}
