package dev.switchboard.core.transport;

import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.WebSocketHandler;
import java.util.Objects;

/** What the {@link RequestGate} decided for a request head; {@code route} names the route in metrics. */
sealed interface Target {

  String route();

  /** Run the route's handler once the body has arrived. */
  record Handle(String route, RouteTable.Endpoint endpoint) implements Target {
    public Handle {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(endpoint, "endpoint");
    }
  }

  /** Upgrade the connection to a websocket. */
  record Upgrade(String route, WebSocketHandler handler) implements Target {
    public Upgrade {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(handler, "handler");
    }
  }

  /** Answer with {@code response} without reading (or keeping) the body. */
  record Refuse(String route, HttpResponse response) implements Target {
    public Refuse {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(response, "response");
    }
  }
}
