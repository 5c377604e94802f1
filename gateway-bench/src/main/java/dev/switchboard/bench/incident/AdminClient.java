package dev.switchboard.bench.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The incidents admin API of the gateway under test, called with the bench's admin token. */
final class AdminClient {

  /** One answer: its status and JSON body. */
  record Answer(int status, JsonNode body, Duration took) {
    /** The answer's field, or a clear failure naming what came instead. */
    JsonNode require(int expected, String field) {
      if (status != expected || !body.has(field)) {
        throw new IllegalStateException("expected " + expected + " with \"" + field + "\", got " + status + " " + body);
      }
      return body.get(field);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  AdminClient(String baseUrl) {
    this.base = baseUrl;
  }

  Answer post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + GatewayConfigFile.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)))
        .build();
    return send(request);
  }

  Answer get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + GatewayConfigFile.ADMIN_TOKEN)
        .GET()
        .build();
    return send(request);
  }

  /**
   * The sum of the Prometheus samples of {@code name} ({@code /metrics}, no token) whose labels contain
   * {@code label}, e.g. {@code switchboard_outbox_paced_total} with {@code channel="sms"}; 0 when absent.
   */
  double metric(String name, String label) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(30))
        .GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body().lines()
        .filter(l -> l.startsWith(name + "{") && l.substring(0, l.indexOf('}') + 1).contains(label))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1).trim()))
        .sum();
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    JsonNode body;
    try {
      body = response.body().isBlank() ? Json.mapper().createObjectNode() : Json.read(response.body());
    } catch (Exception e) {
      body = Json.mapper().createObjectNode().put("raw", response.body());
    }
    return new Answer(response.statusCode(), body, took);
  }
}
