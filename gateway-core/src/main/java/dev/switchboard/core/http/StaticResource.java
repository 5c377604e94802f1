package dev.switchboard.core.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Serves one file from the classpath (the widget, the agent console). Read once at start, so a
 * missing file fails the start rather than a visitor's request. Every file goes out with a strict
 * Content-Security-Policy (scripts, styles and connections from this gateway only; nothing inline) and
 * may not be framed ({@code frame-ancestors 'none'}, {@code X-Frame-Options: DENY}): the console acts
 * for an agent, and the chat widget is embedded as a script, never as a frame.
 */
public final class StaticResource implements HttpHandler {

  /** The policy of every page served here; pages keep scripts and styles in files so it holds. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html",
      "js", "text/javascript",
      "css", "text/css",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "json", "application/json");

  private final HttpResponse response;
  private final CompletionStage<HttpResponse> answer;

  private StaticResource(HttpResponse response) {
    this.response = response;
    this.answer = CompletableFuture.completedFuture(response);
  }

  /** The file at {@code resourcePath}, found through {@code owner}'s class loader. */
  public static StaticResource of(Class<?> owner, String resourcePath) {
    requireNonNull(resourcePath, "resourcePath");
    String path = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
    try (InputStream in = owner.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("resourcePath: " + resourcePath + " (expected: a classpath resource)");
      }
      byte[] bytes = in.readAllBytes();
      String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      String type = TYPES.getOrDefault(ext, "application/octet-stream");
      return new StaticResource(new HttpResponse(200, type, bytes, Map.of(
          "Cache-Control", "no-cache",
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "same-origin")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * This file for any site to load: with {@code Access-Control-Allow-Origin: *}, which a module script
   * fetched from another origin needs (the chat widget's modules, imported from the customer's page). Only
   * for public files sent without credentials: the answer is the same for every visitor.
   */
  public StaticResource readableByAnyOrigin() {
    return new StaticResource(response.withHeader("Access-Control-Allow-Origin", "*"));
  }

  /** Mounts every {@code files} entry of {@code resourceDir} under {@code urlPrefix}; {@code index.html} also answers the prefix. */
  public static void mountAll(HttpRoutes routes, Class<?> owner, String urlPrefix, String resourceDir, String... files) {
    for (String f : files) {
      StaticResource r = of(owner, resourceDir + "/" + f);
      routes.get(urlPrefix + f, r);
      if (f.equals("index.html")) {
        routes.get(urlPrefix, r);
      }
    }
  }

  /** The answer every request gets. */
  HttpResponse response() {
    return response;
  }

  @Override
  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    return answer;
  }
}
