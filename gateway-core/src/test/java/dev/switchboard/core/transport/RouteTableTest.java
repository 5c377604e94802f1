package dev.switchboard.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.RequestGuard;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static HttpHandler answering(String text) {
    return request -> CompletableFuture.completedFuture(HttpResponse.text(200, "text/plain", text));
  }

  private static String pattern(RouteTable routes, String path) {
    return routes.find(path).map(m -> m.route().pattern).orElse("none");
  }

  @Test
  void anExactPathWinsOverAParameterAndParametersStillMatchTheRest() {
    RouteTable routes = new RouteTable();
    routes.add("GET", "/api/conversations/{id}", RequestGuard.NONE, answering("one"));
    routes.add("GET", "/api/conversations/search", RequestGuard.NONE, answering("search"));
    routes.add("POST", "/sms/twilio/inbound", RequestGuard.NONE, answering("sms"));
    routes.add("GET", "/", RequestGuard.NONE, answering("root"));
    routes.add("GET", "/chat/", RequestGuard.NONE, answering("chat"));

    assertThat(pattern(routes, "/api/conversations/search")).isEqualTo("/api/conversations/search");
    assertThat(routes.find("/api/conversations/search").orElseThrow().params()).isEmpty();
    assertThat(pattern(routes, "/api/conversations/C1")).isEqualTo("/api/conversations/{id}");
    assertThat(routes.find("/api/conversations/C1").orElseThrow().params()).isEqualTo(Map.of("id", "C1"));
    assertThat(pattern(routes, "/sms/twilio/inbound")).isEqualTo("/sms/twilio/inbound");
    assertThat(pattern(routes, "/")).isEqualTo("/");
    assertThat(pattern(routes, "/chat/")).isEqualTo("/chat/");
    assertThat(pattern(routes, "/chat")).isEqualTo("none");
    assertThat(pattern(routes, "/sms/twilio/inbound/")).isEqualTo("none");
    assertThat(pattern(routes, "/api/conversations/")).isEqualTo("none");
  }

  @Test
  void aRouteAddedAfterLookUpsIsFound() {
    RouteTable routes = new RouteTable();
    routes.add("GET", "/a", RequestGuard.NONE, answering("a"));
    assertThat(pattern(routes, "/b")).isEqualTo("none");
    routes.add("GET", "/b", RequestGuard.NONE, answering("b"));
    routes.add("POST", "/b", RequestGuard.NONE, answering("b"));
    assertThat(pattern(routes, "/b")).isEqualTo("/b");
    assertThat(routes.find("/b").orElseThrow().route().allowedMethods()).containsExactly("GET", "POST");
    assertThat(pattern(routes, "/a")).isEqualTo("/a");
  }
}
