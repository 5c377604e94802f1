package dev.switchboard.core.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What is known of a request before its body is read: method, target, headers and peer. */
public interface RequestHead {

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

  /**
   * A query parameter that must be a whole number from {@code min} to {@code max}; empty when absent, a 400
   * {@code invalid_parameter} naming it and the range when it is anything else.
   */
  default Optional<Integer> intQueryParam(String name, int min, int max) {
    return queryParam(name).map(v -> {
      try {
        int n = Integer.parseInt(v);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw HttpException.badRequest("invalid_parameter",
          name + ": \"" + v + "\" is not a number from " + min + " to " + max + ".");
    });
  }

  /** A header by case-insensitive name; the first value when repeated. */
  Optional<String> header(String name);

  /** The media type without parameters, lower-case, or empty when there is none. */
  default String mediaType() {
    return header("content-type").map(v -> {
      int semi = v.indexOf(';');
      return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }).orElse("");
  }

  InetSocketAddress remoteAddress();
}
