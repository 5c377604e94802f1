package dev.switchboard.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ops/prometheus/alerts.yml and ops/grafana/switchboard.json as Prometheus and Grafana read them. */
class OpsRulesTest {

  @TempDir
  Path dir;

  @Test
  void everyAlertHasANameAnExpressionASeverityAndWordsForThePersonPaged() throws Exception {
    List<OpsFiles.Rule> rules = OpsFiles.alertRules();

    assertThat(rules).isNotEmpty().allSatisfy(r -> {
      assertThat(r.alert()).as("alert name").startsWith("Switchboard");
      assertThat(r.expr()).as("expr of %s", r.alert()).isNotBlank();
      assertThat(PromQl.metricNames(r.expr())).as("metrics of %s", r.alert()).isNotEmpty()
          .allMatch(n -> n.startsWith("switchboard_"));
      assertThat(r.labels().path("severity").asText()).as("severity of %s", r.alert()).isIn("warning", "critical");
      assertThat(r.annotations().path("summary").asText()).as("summary of %s", r.alert()).isNotBlank();
      assertThat(r.annotations().path("description").asText()).as("description of %s", r.alert()).isNotBlank();
    });
    assertThat(rules.stream().map(OpsFiles.Rule::alert).collect(Collectors.toSet())).hasSameSizeAs(rules);
  }

  @Test
  void theAlertsCoverBreachesQueueDeadLettersImapCommitLatencyAndLeaderChanges() throws Exception {
    Set<String> watched = new HashSet<>();
    OpsFiles.alertRules().forEach(r -> watched.addAll(PromQl.metricNames(r.expr())));

    assertThat(watched).contains(
        "switchboard_routing_sla_breaches_total",
        "switchboard_routing_queue_size",
        "switchboard_outbox_attempts_total",
        "switchboard_email_imap_connected",
        "switchboard_store_commit_latency_seconds_bucket",
        "switchboard_cluster_failovers_total");
  }

  @Test
  void theDashboardIsAGrafanaDashboardWhoseEveryPanelQueriesPrometheus() throws Exception {
    JsonNode d = OpsFiles.dashboard();

    assertThat(d.path("uid").asText()).isEqualTo("switchboard");
    assertThat(d.path("title").asText()).isNotBlank();
    List<JsonNode> panels = d.path("panels").findParents("gridPos");
    assertThat(panels).hasSizeGreaterThan(10);
    assertThat(panels.stream().map(p -> p.path("id").asInt()).collect(Collectors.toSet())).hasSameSizeAs(panels);
    assertThat(panels).filteredOn(p -> !p.path("type").asText().equals("row")).allSatisfy(p -> {
      assertThat(p.path("datasource").path("uid").asText()).as("datasource of %s", p.path("title")).isEqualTo("${datasource}");
      assertThat(p.path("targets")).as("queries of %s", p.path("title")).isNotEmpty();
    });
    assertThat(OpsFiles.dashboardQueries()).allSatisfy(q ->
        assertThat(PromQl.metricNames(q.expr())).as("metrics of %s", q.panel()).isNotEmpty());
  }

  @Test
  void thePromQlReaderFindsMetricsAndNotFunctionsLabelsOrKeywords() {
    assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, instance) "
        + "(rate(switchboard_store_commit_latency_seconds_bucket{instance=~\"$instance\"}[$__rate_interval]))) > 0.25"))
        .containsExactly("switchboard_store_commit_latency_seconds_bucket");
    assertThat(PromQl.metricNames("max by (instance) (a_reading - b_connected) > 0 and on(instance) c unless d offset 5m"))
        .containsExactlyInAnyOrder("a_reading", "b_connected", "c", "d");
  }

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    Path prometheusDir = OpsFiles.ALERTS.getParent();

    Promtool.Run check = Promtool.run(prometheusDir, "check", "rules", "alerts.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS");

    Promtool.Run unit = Promtool.run(prometheusDir, "test", "rules", "alerts_test.yml");
    assertThat(unit.exitCode()).as(unit.output()).isZero();
  }

  @Test
  void promtoolParsesEveryDashboardQuery() throws Exception {
    // As recording rules, so promtool's parser checks each query's syntax (Grafana's variables filled in).
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int i = 0;
    for (OpsFiles.Query q : OpsFiles.dashboardQueries()) {
      String expr = q.expr().replace("$__rate_interval", "5m").replace("$instance", ".*");
      rules.append("      - record: dashboard:query").append(i++).append('\n')
          .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
    }
    Path file = dir.resolve("dashboard-rules.yml");
    Files.writeString(file, rules);

    Promtool.Run check = Promtool.run(dir, "check", "rules", file.getFileName().toString());

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + i + " rules found");
  }
}
