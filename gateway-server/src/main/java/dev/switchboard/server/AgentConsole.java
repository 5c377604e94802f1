package dev.switchboard.server;

import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.StaticResource;
import java.util.List;

/**
 * The agent console page at {@code /agent/}: plain HTML, CSS and JavaScript modules, served as they are (no
 * build step), speaking the desk protocol of {@code /agent/ws}.
 */
public final class AgentConsole {

  /** Every file of the console; a module missing here fails its importer in the browser tests. */
  static final List<String> FILES = List.of("index.html", "console.css", "main.js", "socket.js", "state.js",
      "frames.js", "format.js", "dom.js", "view-lists.js", "view-thread.js", "view-search.js", "view-tags.js",
      "view-team.js", "team.js", "canned-replies.js", "follow-ups.js", "incidents.js", "contact-merge.js", "attachments.js",
      "view-attachments.js");

  private AgentConsole() {}

  /** Mounts every file of the console; the browser tests mount it the same way, so none is forgotten. */
  public static void mount(HttpRoutes routes) {
    StaticResource.mountAll(routes, AgentConsole.class, "/agent/", "console", FILES.toArray(String[]::new));
  }
}
