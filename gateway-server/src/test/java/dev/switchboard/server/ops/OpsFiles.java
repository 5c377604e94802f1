package dev.switchboard.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The operator's files under ops/ in the repository, read as a tool would read them. */
final class OpsFiles {

  static final Path DASHBOARD = Path.of("..", "ops", "grafana", "switchboard.json");
  static final Path ALERTS = Path.of("..", "ops", "prometheus", "alerts.yml");

  /** One PromQL query of the dashboard, with the panel it draws. */
  record Query(String panel, String expr) {}

  /** One alert rule as Prometheus reads it. */
  record Rule(String alert, String expr, JsonNode labels, JsonNode annotations, String forDuration) {}

  private OpsFiles() {}

  static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(Files.readString(DASHBOARD));
  }

  static List<Query> dashboardQueries() throws IOException {
    List<Query> out = new ArrayList<>();
    collect(dashboard().path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<Query> out) {
    for (JsonNode p : panels) {
      for (JsonNode t : p.path("targets")) {
        out.add(new Query(p.path("title").asText(), t.path("expr").asText()));
      }
      collect(p.path("panels"), out);
    }
  }

  static List<Rule> alertRules() throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(ALERTS));
    List<Rule> out = new ArrayList<>();
    for (JsonNode group : root.path("groups")) {
      for (JsonNode r : group.path("rules")) {
        out.add(new Rule(r.path("alert").asText(null), r.path("expr").asText(null), r.path("labels"),
            r.path("annotations"), r.path("for").asText(null)));
      }
    }
    return out;
  }
}
