package dev.switchboard.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/reports/sla} and {@code /volume} against a whole gateway: token, JSON, CSV and bad input. */
class ReportsApiTest {

  static final String ADMIN = "admin-token";
  static final TestChannelAdapter EMAIL = new TestChannelAdapter(Channel.EMAIL);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            capacity: { email: 5 } }
      """).adapters(EMAIL).build();

  static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
  static final String TOMORROW = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

  @BeforeAll
  static void aProactiveConversationByAlice() throws Exception {
    HttpResponse<String> r = gateway.post("/api/conversations", "application/json",
        "{\"channel\":\"email\",\"to\":\"reports@example.com\",\"text\":\"Your order shipped\",\"agent\":\"alice\"}"
            .getBytes(StandardCharsets.UTF_8), ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    return gateway.http().send(HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + ADMIN).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reportsNeedTheAdminToken() throws Exception {
    assertThat(gateway.get("/api/reports/sla", null).statusCode()).isEqualTo(401);
    assertThat(gateway.get("/api/reports/volume", "wrong").statusCode()).isEqualTo(403);
  }

  @Test
  void slaByAgentIsJsonWithOneRowPerAgent() throws Exception {
    HttpResponse<String> r = get("/api/reports/sla?from=" + TODAY + "&to=" + TOMORROW + "&groupBy=agent",
        "application/json");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Json.read(r.body());
    assertThat(body.path("groupBy").asText()).isEqualTo("agent");
    assertThat(body.path("from").asText()).isEqualTo(TODAY + "T00:00:00Z");
    JsonNode alice = body.path("rows").get(0);
    assertThat(alice.path("group").asText()).isEqualTo("alice");
    assertThat(alice.path("conversations").asLong()).isEqualTo(1);
    assertThat(alice.path("firstResponseMedianSeconds").isNumber()).isTrue();
    assertThat(alice.has("firstWithinSla")).isTrue();
  }

  @Test
  void acceptTextCsvGivesTheSameColumnsAsCsv() throws Exception {
    HttpResponse<String> r = get("/api/reports/volume?from=" + TODAY + "&to=" + TOMORROW + "&groupBy=channel",
        "text/csv");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(r.body()).isEqualTo("group,conversations,resolved,open\r\nemail,1,0,1\r\n");
    assertThat(get("/api/reports/sla?groupBy=tier", "text/csv").body())
        .startsWith("group,conversations,firstResponsesOwed,firstWithinSla,nextResponsesOwed,nextWithinSla,"
            + "firstResponseMedianSeconds,firstResponseP90Seconds,resolutionMedianSeconds\r\n");
  }

  @Test
  void fromAfterToIsRefusedNamingTheProblem() throws Exception {
    assertRefused("/api/reports/sla?from=" + TOMORROW + "&to=" + TODAY, "invalid_range", "is not before to");
  }

  @Test
  void aRangeOverAYearIsRefused() throws Exception {
    Instant to = Instant.parse("2026-06-01T00:00:00Z");
    assertRefused("/api/reports/volume?from=" + to.minus(Duration.ofDays(400)) + "&to=" + to, "invalid_range",
        "longer than a year");
  }

  @Test
  void anUnknownGroupByIsRefusedListingTheKnownOnes() throws Exception {
    assertRefused("/api/reports/sla?groupBy=week", "invalid_parameter",
        "groupBy: \"week\" is not one of tier, channel, agent, day.");
    assertRefused("/api/reports/volume?groupBy=agent", "invalid_parameter", "is not one of day, hour, channel, tier.");
  }

  @Test
  void anUnreadableDateIsRefused() throws Exception {
    assertRefused("/api/reports/sla?from=yesterday", "invalid_parameter", "from: \"yesterday\" is not an ISO instant");
  }

  @Test
  void staffingGivesEveryHourOfTheWeekWithTheConfiguredTargets() throws Exception {
    HttpResponse<String> r = get("/api/reports/staffing?from=" + TODAY + "&to=" + TOMORROW, "application/json");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Json.read(r.body());
    assertThat(body.path("targets").path("standard").asDouble()).isEqualTo(900.0);
    assertThat(body.path("goal").asDouble()).isEqualTo(0.8);
    assertThat(body.path("hours")).hasSize(168);
    assertThat(body.path("hours").get(0).path("day").asText()).isEqualTo("mon");
    assertThat(get("/api/reports/staffing", "text/csv").body())
        .startsWith("hourOfWeek,day,hour,").contains(",needed_standard,neededTotal,present\r\n");
    assertRefused("/api/reports/staffing?goal=80", "invalid_parameter", "goal: \"80\" is not a share between 0 and 1");
  }

  private static void assertRefused(String path, String code, String message) throws Exception {
    HttpResponse<String> r = get(path, "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = Json.read(r.body());
    assertThat(body.path("error").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).contains(message);
  }
}
