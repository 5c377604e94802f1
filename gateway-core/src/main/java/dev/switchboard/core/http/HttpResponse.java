package dev.switchboard.core.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response: a body in memory, or one the transport streams as it sends ({@code stream}, then
 * {@code body} is empty).
 */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers,
    BodyStream stream) {

  public HttpResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
    }
    body = body == null ? new byte[0] : body;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    if (stream != null && body.length > 0) {
      throw new IllegalArgumentException("a response has a body or a stream, not both");
    }
  }

  /** A response with its whole body in memory. */
  public HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    this(status, contentType, body, headers, null);
  }

  /** A 200 response whose body is read from {@code stream} while it is sent. */
  public static HttpResponse streamed(String contentType, BodyStream stream) {
    return new HttpResponse(200, contentType, null, Map.of(), requireNonNull(stream, "stream"));
  }

  /** A JSON response; {@code value} is written with the gateway's shared mapper. */
  public static HttpResponse json(int status, Object value) {
    return new HttpResponse(status, "application/json", Json.write(value), Map.of());
  }

  /** The error shape every endpoint uses: {@code {"error":"<code>","message":"<sentence>"}}. */
  public static HttpResponse error(int status, String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", requireNonNull(code, "code"));
    body.put("message", requireNonNull(message, "message"));
    return json(status, body);
  }

  public static HttpResponse text(int status, String contentType, String text) {
    return new HttpResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpResponse(status, contentType, body, h, stream);
  }
}
