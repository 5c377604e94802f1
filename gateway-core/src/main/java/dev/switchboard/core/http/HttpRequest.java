package dev.switchboard.core.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An HTTP request with its whole body received (in memory or spilled to a temporary file). */
public interface HttpRequest {

  String method();

  /** The decoded path without the query string. */
  String path();

  /** The path and query exactly as the client sent them. */
  String uri();

  /** A {@code {name}} segment of the route's path. */
  String pathParam(String name);

  Map<String, List<String>> queryParams();

  default Optional<String> queryParam(String name) {
    List<String> values = queryParams().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A header by case-insensitive name; the first value when repeated. */
  Optional<String> header(String name);

  /** The media type without parameters, lower-case, or empty when there is none. */
  default String mediaType() {
    return header("content-type").map(v -> {
      int semi = v.indexOf(';');
      return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }).orElse("");
  }

  RequestBody body();

  InetSocketAddress remoteAddress();
}
