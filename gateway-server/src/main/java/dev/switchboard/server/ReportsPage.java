package dev.switchboard.server;

import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.StaticResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The reports page at {@code /admin/}: plain HTML, CSS and JS reading {@code /api/reports/*} with an admin
 * token, charts drawn by uPlot from its WebJar in this jar (served as {@code /admin/uplot.js} and
 * {@code /admin/uplot.css}, so the page's Content-Security-Policy of {@code 'self'} holds).
 */
public final class ReportsPage {

  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private ReportsPage() {}

  /** Mounts every file of the page; the browser test mounts it the same way. */
  public static void mount(HttpRoutes routes) {
    StaticResource.mountAll(routes, ReportsPage.class, "/admin/", "admin", "index.html", "reports.js",
        "reports.css");
    String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    routes.get("/admin/uplot.js", StaticResource.of(ReportsPage.class, uplot + "uPlot.iife.min.js"));
    routes.get("/admin/uplot.css", StaticResource.of(ReportsPage.class, uplot + "uPlot.min.css"));
  }

  /** The WebJar's version, from its own Maven metadata: the build's dependency decides it, not this file. */
  private static String uplotVersion() {
    try (InputStream in = ReportsPage.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
      if (in == null) {
        throw new IllegalStateException("the uPlot WebJar is not on the classpath (" + UPLOT_POM + ")");
      }
      Properties pom = new Properties();
      pom.load(in);
      return pom.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
