package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md stays in step with the records: every key is documented, the example loads. */
class ConfigDocsTest {

  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void everyKeyOfEveryRecordIsDocumented() throws IOException {
    String doc = Files.readString(DOC);
    List<String> keys = new ArrayList<>();
    collect(GatewayConfig.class, "", keys);
    assertThat(keys).hasSizeGreaterThan(80);
    List<String> undocumented = keys.stream().filter(key -> !doc.contains("`" + key + "`")).toList();
    assertThat(undocumented).as("keys missing from docs/configuration.md").isEmpty();
  }

  @Test
  void theFullExampleLoads() throws IOException {
    String doc = Files.readString(DOC);
    int section = doc.indexOf("## Full example");
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    GatewayConfig fromDoc = ConfigLoader.parse(yaml, "configuration.md", Fixtures.path("valid-full.yaml").getParent(),
        Fixtures.ENV);
    assertThat(fromDoc).isEqualTo(Fixtures.parse("valid-full.yaml", Fixtures.ENV));
  }

  private static void collect(Class<?> record, String prefix, List<String> keys) {
    for (RecordComponent c : record.getRecordComponents()) {
      String key = prefix + c.getName();
      keys.add(key);
      Type type = c.getGenericType();
      Class<?> raw = c.getType();
      if (raw == List.class && type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> e
          && e.isRecord() && !Scalars.supports(e)) {
        collect(e, key + "[].", keys);
      } else if (raw.isRecord() && !Scalars.supports(raw)) {
        collect(raw, key + ".", keys);
      }
    }
  }
}
