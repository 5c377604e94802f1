package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The binder knows no record by name: any record of supported types binds, with its checks located. */
class RecordBinderTest {

  enum Mode { FAST_LANE, SLOW_LANE }

  record Window(@Required Duration length, @Positive Integer limit) {}

  record Plain(@Required String name, @Positive Integer count, Mode mode, Map<String, List<Window>> windows) {
    Plain {
      if (count != null && count > 100) {
        throw new IllegalArgumentException("count: " + count + " (expected: <= 100)");
      }
    }
  }

  private final Diagnostics diagnostics = new Diagnostics("sample.yaml");

  private Object bind(String yaml) {
    YamlNode root = new YamlReader(diagnostics).read(yaml).orElseThrow();
    return new RecordBinder(diagnostics, new EnvInterpolation(Map.of("LIMIT", "7")), Path.of("/etc"))
        .bind(root, Plain.class, "");
  }

  private List<String> problems() {
    return diagnostics.sorted().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void bindsNestedGenericsEnumsAndEnvironment() {
    Object bound = bind("""
        name: sample
        count: 3
        mode: slow-lane
        windows:
          peak: [ { length: 5m, limit: "${LIMIT}" }, { length: 1h } ]
        """);
    assertThat(problems()).isEmpty();
    assertThat(bound).isEqualTo(new Plain("sample", 3, Mode.SLOW_LANE,
        Map.of("peak", List.of(new Window(Duration.ofMinutes(5), 7), new Window(Duration.ofHours(1), null)))));
  }

  @Test
  void constructorRejectionNamingAComponentIsPlacedAtThatKey() {
    bind("name: sample\ncount: 500\n");
    assertThat(problems()).containsExactly("sample.yaml:2:8: count: 500 (expected: <= 100)");
  }

  @Test
  void nestedProblemsAreAllReportedWithTheirPaths() {
    bind("""
        count: 0
        mode: medium
        windows:
          peak: [ { limit: -1 }, { length: 5x } ]
          night: { length: 1h }
        """);
    assertThat(problems()).containsExactly(
        "sample.yaml:1:1: name: required key is missing",
        "sample.yaml:1:8: count: must be greater than zero, got \"0\"",
        "sample.yaml:2:7: mode: expected one of fast-lane, slow-lane, got \"medium\"",
        "sample.yaml:4:11: windows.peak[0].length: required key is missing",
        "sample.yaml:4:20: windows.peak[0].limit: must be greater than zero, got \"-1\"",
        "sample.yaml:4:36: windows.peak[1].length: expected a duration like 5m, got \"5x\"",
        "sample.yaml:5:10: windows.night: expected a list, got a mapping");
  }

  @Test
  void keysThatAreNotIdentifiersAreQuotedInPaths() {
    assertThat(ConfigPath.key("routing.rules[0].when", "contact.plan")).isEqualTo("routing.rules[0].when[\"contact.plan\"]");
    assertThat(ConfigPath.parent("routing.rules[0].when[\"contact.plan\"]")).isEqualTo("routing.rules[0].when");
    assertThat(ConfigPath.parent("routing.rules[0]")).isEqualTo("routing.rules");
    assertThat(ConfigPath.parent("routing")).isEmpty();
  }
}
