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
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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

  /**
   * A map of strings as a JSON object, written by hand exactly as {@link #json} writes it (in the map's
   * order, with Jackson's escapes: quote, backslash and the C0 controls, {@code \b \t \n \f \r} short, the
   * rest as six-character unicode escapes). Every SMS and e-mail stores its metadata so; Jackson's generator made
   * per call was a few per cent of the store writer's time in the SMS bench.
   */
  static String stringMapJson(Map<String, String> map) {
    StringBuilder out = new StringBuilder(16 + map.size() * 32).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quoted(out, e.getKey()).append(':');
      if (e.getValue() == null) {
        out.append("null");
      } else {
        quoted(out, e.getValue());
      }
    }
    return out.append('}').toString();
  }

  private static StringBuilder quoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 0x20 && ch != '"' && ch != '\\') {
        out.append(ch);
        continue;
      }
      out.append('\\');
      switch (ch) {
        case '"', '\\' -> out.append(ch);
        case '\b' -> out.append('b');
        case '\t' -> out.append('t');
        case '\n' -> out.append('n');
        case '\f' -> out.append('f');
        case '\r' -> out.append('r');
        default -> out.append("u00").append(HEX[ch >> 4]).append(HEX[ch & 15]);
      }
    }
    return out.append('"');
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
