package dev.switchboard.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML text into a {@link YamlNode} tree, keeping every node's line and column. Malformed YAML,
 * duplicate keys, aliases and extra documents become located problems instead of exceptions.
 */
final class YamlReader {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final Diagnostics diagnostics;

  YamlReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The document's root, or empty when the text is not YAML (the problem is reported). */
  Optional<YamlNode> read(String yaml) {
    try (JsonParser parser = FACTORY.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return Optional.of(new YamlNode.Scalar(null, new YamlNode.Mark(1, 1)));
      }
      YamlNode root = readValue((YAMLParser) parser, "");
      if (parser.nextToken() != null) {
        diagnostics.report(mark(parser.currentTokenLocation()), "",
            "only one YAML document is allowed, found another one here");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException e) {
      reportMalformed(e);
      return Optional.empty();
    } catch (JacksonException e) {
      String message = e.getOriginalMessage();
      if (message.startsWith("Expected a field name")) {
        message = "mapping keys must be single values, not lists or mappings";
      }
      diagnostics.report(mark(e.getLocation()), "", "malformed YAML: " + firstLine(message));
      return Optional.empty();
    } catch (AliasException e) {
      diagnostics.report(e.at, "", "YAML aliases (*" + e.anchor + ") are not supported; repeat the value instead");
      return Optional.empty();
    } catch (IOException e) {
      diagnostics.report(YamlNode.Mark.NOWHERE, "", "cannot read YAML: " + e.getMessage());
      return Optional.empty();
    }
  }

  private YamlNode readValue(YAMLParser p, String path) throws IOException {
    YamlNode.Mark at = mark(p.currentTokenLocation());
    JsonToken token = p.currentToken();
    if (p.isCurrentAlias()) {
      throw new AliasException(at, p.getText());
    }
    switch (token) {
      case START_OBJECT:
        return readMapping(p, at, path);
      case START_ARRAY:
        List<YamlNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, ConfigPath.index(path, items.size())));
        }
        return new YamlNode.Sequence(items, at);
      case VALUE_NULL:
        return new YamlNode.Scalar(null, at);
      default:
        // Plain text whatever the YAML type: binding decides, so `port: "8080"` and `name: 123` both work.
        return new YamlNode.Scalar(p.getText(), at);
    }
  }

  private YamlNode readMapping(YAMLParser p, YamlNode.Mark at, String path) throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      YamlNode.Mark keyMark = mark(p.currentTokenLocation());
      p.nextToken();
      YamlNode value = readValue(p, ConfigPath.key(path, key));
      YamlNode.Entry previous = entries.get(key);
      if (previous != null) {
        diagnostics.report(keyMark, ConfigPath.key(path, key),
            "duplicate key `" + key + "` (first set on line " + previous.keyMark().line() + ")");
      } else {
        entries.put(key, new YamlNode.Entry(key, keyMark, value));
      }
    }
    return new YamlNode.Mapping(entries, at);
  }

  private void reportMalformed(com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException snake) {
      // Only SnakeYAML's own words: its full message quotes the offending line, which may hold a secret.
      String text = snake.getContext() == null ? snake.getProblem() : snake.getContext() + ": " + snake.getProblem();
      org.yaml.snakeyaml.error.Mark where = snake.getProblemMark() != null ? snake.getProblemMark() : snake.getContextMark();
      YamlNode.Mark at = where == null ? mark(e.getLocation()) : new YamlNode.Mark(where.getLine() + 1, where.getColumn() + 1);
      diagnostics.report(at, "", "malformed YAML: " + text);
    } else {
      diagnostics.report(mark(e.getLocation()), "", "malformed YAML: " + firstLine(e.getOriginalMessage()));
    }
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static YamlNode.Mark mark(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return YamlNode.Mark.NOWHERE;
    }
    return new YamlNode.Mark(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }

  private static final class AliasException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient YamlNode.Mark at;
    private final String anchor;

    AliasException(YamlNode.Mark at, String anchor) {
      super(null, null, false, false);
      this.at = at;
      this.anchor = anchor;
    }
  }
}
