package dev.switchboard.core.transport;

import dev.switchboard.core.http.BodyLimit;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on a request from its head alone, before a byte of its body is read or {@code 100 Continue}
 * is sent: a malformed target (400), an unsupported {@code Expect} (417), a declared body over the
 * limit (413), no such path (404), a wrong method (405), a plain GET on a websocket path (426), or a
 * refusal by the route's {@link dev.switchboard.core.http.RequestGuard} (401, 403, ...). Refused bodies
 * are never stored, so nothing is left on disk by a request that was not going to be served.
 */
final class RequestGate {

  private static final Logger log = LoggerFactory.getLogger(RequestGate.class);
  static final String UNMATCHED = "unmatched";

  private final RouteTable routes;
  private final long maxBodyBytes;

  RequestGate(RouteTable routes, long maxBodyBytes) {
    this.routes = routes;
    this.maxBodyBytes = maxBodyBytes;
  }

  Target admit(CollectedRequest request) {
    if (!request.decodesCleanly()) {
      return refuse(UNMATCHED, 400, "malformed_target",
          "The request target has a malformed %-escape; encode reserved characters as %XX with two hex digits.");
    }
    String expect = request.headers().get(HttpHeaderNames.EXPECT);
    if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.strip())) {
      return refuse(UNMATCHED, 417, "expectation_failed", "Only Expect: 100-continue is understood here.");
    }
    long declared = HttpUtil.getContentLength(request.head(), -1L);
    if (declared > maxBodyBytes) {
      return refuse(UNMATCHED, 413, "payload_too_large", tooLarge(maxBodyBytes));
    }
    Optional<RouteTable.Match> match = routes.find(request.path());
    if (match.isEmpty()) {
      return refuse(UNMATCHED, 404, "not_found", "No resource at " + request.path() + ".");
    }
    RouteTable.Route route = match.get().route();
    request.pathParams(match.get().params());
    String method = request.method();
    if (route.webSocket != null && "GET".equals(method)) {
      return isUpgrade(request) ? new Target.Upgrade(route.pattern, route.webSocket)
          : refuse(route.pattern, 426, "upgrade_required",
              request.path() + " speaks websocket: connect with a websocket client.");
    }
    Optional<RouteTable.Endpoint> endpoint = route.endpoint(method);
    if (endpoint.isEmpty() && "HEAD".equals(method)) {
      endpoint = route.endpoint("GET");
    }
    if (endpoint.isEmpty()) {
      String allowed = String.join(", ", route.allowedMethods());
      return new Target.Refuse(route.pattern, HttpResponse.error(405, "method_not_allowed",
          method + " is not allowed on " + request.path() + "; allowed: " + allowed + ".").withHeader("Allow", allowed));
    }
    try {
      endpoint.get().guard().check(request);
    } catch (HttpException e) {
      return refuse(route.pattern, e.status(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("The request check of {} failed", route.pattern, e);
      return refuse(route.pattern, 500, "internal_error", "The gateway failed to check this request; it has been logged.");
    }
    BodyLimit limit = endpoint.get().limit();
    if (limit != null) {
      long max = limit.maxBytes(request);
      if (max < maxBodyBytes) {
        String message = limit.message(request, max);
        request.bodyLimit(max, message, () -> limit.refused(request));
        if (declared > max) {
          limit.refused(request);
          return refuse(route.pattern, 413, "payload_too_large", message);
        }
      }
    }
    return new Target.Handle(route.pattern, endpoint.get());
  }

  static String tooLarge(long maxBodyBytes) {
    return "The request body is larger than the limit of " + maxBodyBytes + " bytes.";
  }

  private static Target refuse(String route, int status, String code, String message) {
    return new Target.Refuse(route, HttpResponse.error(status, code, message));
  }

  private static boolean isUpgrade(CollectedRequest request) {
    return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }
}
