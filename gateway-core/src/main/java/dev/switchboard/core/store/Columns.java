package dev.switchboard.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.core.http.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Conversions between column values and model values, the same on SQLite and PostgreSQL. */
final class Columns {

  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Columns() {}

  static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  static void setString(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  /** {@code value} as {@link #setInstant} keeps it and {@link #instant} reads it back: to the millisecond. */
  static Instant asStored(Instant value) {
    return Instant.ofEpochMilli(value.toEpochMilli());
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  static String json(Object value) {
    return Json.writeString(value);
  }

  static List<String> stringList(String json) {
    // "[]" is what most rows hold (a conversation's skills until the router sets some): no parser for it.
    return json == null || json.isEmpty() || json.equals("[]") ? List.of() : read(json, STRING_LIST);
  }

  static Map<String, String> stringMap(String json) {
    return json == null || json.isEmpty() ? Map.of() : read(json, STRING_MAP);
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return Json.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON column: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code ?, ?, ?} for an IN list of {@code n} values. */
  static String placeholders(int n) {
    StringJoiner j = new StringJoiner(", ");
    for (int i = 0; i < n; i++) {
      j.add("?");
    }
    return j.toString();
  }
}
