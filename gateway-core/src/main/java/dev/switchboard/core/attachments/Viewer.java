package dev.switchboard.core.attachments;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.admin.BearerAdminAuth;
import dev.switchboard.core.desk.AgentTokens;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.RequestHead;
import java.util.Optional;

/** Who asks for an attachment: an admin (sees everything) or an agent (sees the conversations the router lets them). */
sealed interface Viewer {

  /** The name recorded as an upload's author. */
  String name();

  record Admin() implements Viewer {
    public String name() {
      return "admin";
    }
  }

  record Agent(String id) implements Viewer {
    public Agent {
      requireNonNull(id, "id");
    }

    public String name() {
      return id;
    }
  }

  /**
   * The viewer the request's bearer token names; 401 without a token, 403 when it is neither an admin's
   * nor an agent's. Cheap and non-blocking: it also serves as the routes' guard.
   */
  static Viewer of(RequestHead request, AdminAuth admins, AgentTokens agents) {
    Optional<String> token = BearerAdminAuth.bearerToken(request);
    if (token.isEmpty()) {
      throw new HttpException(401, "unauthorized",
          "Attachments need an agent's or an admin's token: send Authorization: Bearer <token>.");
    }
    Optional<String> agent = agents.find(token.get()).map(a -> a.id());
    if (agent.isPresent()) {
      return new Agent(agent.get());
    }
    try {
      admins.require(request);
      return new Admin();
    } catch (HttpException e) {
      throw new HttpException(403, "forbidden", "The token is neither an agent's nor an admin's.");
    }
  }
}
