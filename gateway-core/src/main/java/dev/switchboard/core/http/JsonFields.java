package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level fields of one small JSON object (a websocket frame), read with a streaming parser: the
 * scalars are kept, nested objects and arrays are skipped and only known to be there. It answers the same
 * questions a frame parser asked of a {@code JsonNode} tree, without building the tree. As in a tree, a
 * repeated field keeps its last value, and a field set to {@code null} counts as absent.
 */
public final class JsonFields {

  private enum Kind { TEXT, INTEGER, DECIMAL, BOOLEAN, CONTAINER }

  /** The most strings kept of an array of strings; a longer array is only known to be there. */
  public static final int MAX_STRINGS = 100;

  /**
   * {@code asLong} is meaningful only when {@code fitsLong}; {@code strings} holds an array's items when it
   * is an array of at most {@value #MAX_STRINGS} strings, else it is null.
   */
  private record Value(Kind kind, String text, long asLong, boolean fitsLong, List<String> strings) {
    Value(Kind kind, String text, long asLong, boolean fitsLong) {
      this(kind, text, asLong, fitsLong, null);
    }
  }

  private final Map<String, Value> fields = new HashMap<>(8);

  private JsonFields() {}

  /**
   * The fields of {@code json} when it is a JSON object; null when it is another JSON value or empty.
   * Throws when it is not JSON.
   */
  public static JsonFields read(String json) throws IOException {
    try (JsonParser p = Json.parser(json)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        if (first != null) {
          p.skipChildren();
        }
        return null;
      }
      JsonFields out = new JsonFields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        switch (token) {
          case VALUE_STRING -> out.fields.put(name, new Value(Kind.TEXT, p.getText(), 0, false));
          case VALUE_NUMBER_INT -> {
            JsonParser.NumberType type = p.getNumberType();
            boolean fits = type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
            out.fields.put(name, new Value(Kind.INTEGER, p.getText(), fits ? p.getLongValue() : 0, fits));
          }
          case VALUE_NUMBER_FLOAT -> {
            double d = p.getDoubleValue();
            boolean fits = d >= Long.MIN_VALUE && d <= Long.MAX_VALUE;
            out.fields.put(name, new Value(Kind.DECIMAL, p.getText(), (long) d, fits));
          }
          case VALUE_TRUE, VALUE_FALSE -> out.fields.put(name, new Value(Kind.BOOLEAN, p.getText(), 0, false));
          case VALUE_NULL -> out.fields.remove(name);
          case START_ARRAY -> out.fields.put(name, new Value(Kind.CONTAINER, null, 0, false, strings(p)));
          default -> {
            p.skipChildren();
            out.fields.put(name, new Value(Kind.CONTAINER, null, 0, false));
          }
        }
      }
      return out;
    }
  }

  /** The rest of the array {@code p} is in: its items when all are strings (and few), else null. */
  private static List<String> strings(JsonParser p) throws IOException {
    List<String> items = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING && items != null && items.size() < MAX_STRINGS) {
        items.add(p.getText());
      } else {
        items = null;
        p.skipChildren();
      }
    }
    return items == null ? null : List.copyOf(items);
  }

  /**
   * The field's items when it is an array of strings (at most {@value #MAX_STRINGS}); empty when absent;
   * null when it is anything else.
   */
  public List<String> strings(String name) {
    Value v = fields.get(name);
    if (v == null) {
      return List.of();
    }
    return v.kind() == Kind.CONTAINER ? v.strings() : null;
  }

  /** Whether the field is there and not {@code null}. */
  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /** The field's value when it is a JSON string, else null. */
  public String text(String name) {
    Value v = fields.get(name);
    return v != null && v.kind() == Kind.TEXT ? v.text() : null;
  }

  /**
   * The field's value as text when it is a string, a number or a boolean (a number as written); null when
   * it is absent, {@code null}, an object or an array. What {@code JsonNode.asText} gave for a scalar.
   */
  public String scalarText(String name) {
    Value v = fields.get(name);
    return v == null || v.kind() == Kind.CONTAINER ? null : v.text();
  }

  /** The field's value when it is a whole number that fits a {@code long}, else null. */
  public Long wholeNumber(String name) {
    Value v = fields.get(name);
    return v != null && v.kind() == Kind.INTEGER && v.fitsLong() ? v.asLong() : null;
  }

  /**
   * The field's value as a {@code long} when it is a number in range (a decimal is truncated), else null:
   * what {@code JsonNode.canConvertToLong} / {@code asLong} gave.
   */
  public Long asLong(String name) {
    Value v = fields.get(name);
    return v != null && (v.kind() == Kind.INTEGER || v.kind() == Kind.DECIMAL) && v.fitsLong() ? v.asLong() : null;
  }
}
