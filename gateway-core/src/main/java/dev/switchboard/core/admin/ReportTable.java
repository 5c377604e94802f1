package dev.switchboard.core.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A report's columns, named once: each row becomes a JSON object with those keys or a CSV line with those
 * columns, so that the two forms of a report cannot drift apart.
 */
final class ReportTable<R> {

  private final Map<String, Function<R, Object>> columns = new LinkedHashMap<>();

  ReportTable<R> column(String name, Function<R, Object> value) {
    columns.put(name, value);
    return this;
  }

  /** A duration column, in seconds with millisecond precision ({@code null} stays {@code null}). */
  ReportTable<R> seconds(String name, Function<R, Duration> value) {
    return column(name, r -> {
      Duration d = value.apply(r);
      return d == null ? null : d.toMillis() / 1000.0;
    });
  }

  List<Map<String, Object>> json(List<R> rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (R row : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      columns.forEach((name, value) -> o.put(name, value.apply(row)));
      out.add(o);
    }
    return out;
  }

  /** RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
  String csv(List<R> rows) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", columns.keySet())).append("\r\n");
    for (R row : rows) {
      boolean first = true;
      for (Function<R, Object> value : columns.values()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        Object v = value.apply(row);
        out.append(v == null ? "" : field(v.toString()));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  private static String field(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
