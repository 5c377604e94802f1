package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Starts the gateway for a scenario and checks that the endpoint the scenario drives exists in it. */
public final class GatewayUnderTest {

  private GatewayUnderTest() {}

  /**
   * The JVM options the {@code switchboard} launcher starts the gateway with when {@code JAVA_OPTS} is unset,
   * so that a scenario measures the gateway as it ships: a fixed heap (docs/operations.md, "JVM heap").
   */
  public static final String SHIPPED_JVM_OPTIONS = "-Xms2g -Xmx2g -XX:MaxNewSize=256m -XX:+ExitOnOutOfMemoryError";

  /**
   * {@code --gateway-jvm="-Xms2g -Xmx2g -XX:+UseParallelGC"}: the gateway's JVM options, which replace the
   * default {@link #SHIPPED_JVM_OPTIONS}.
   */
  public static List<String> jvmOptions(Flags flags) {
    return Arrays.stream(flags.string("gateway-jvm", SHIPPED_JVM_OPTIONS).trim().split("\\s+"))
        .filter(s -> !s.isEmpty()).toList();
  }

  /** Starts it and waits for {@code /health/ready} (at most {@code --ready-timeout}, default 120 s). */
  public static GatewayProcess start(Flags flags, GatewayConfigFile config) throws Exception {
    GatewayProcess gateway = GatewayProcess.start(GatewayProcess.locateJar(flags), config, jvmOptions(flags));
    try {
      Duration ready = gateway.awaitReady(flags.duration("ready-timeout", Duration.ofSeconds(120)));
      Log.info("gateway ready after %d ms", ready.toMillis());
      return gateway;
    } catch (Exception e) {
      gateway.close();
      throw e;
    }
  }

  /**
   * Why the gateway cannot serve {@code method path}, when it answers 404 (no such route: the channel is
   * not in this build or not configured) or 405; empty when the route exists.
   */
  public static Optional<String> missingRoute(int port, String method, String path) throws IOException, InterruptedException {
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    int status = HttpClient.newHttpClient().send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status == 404) {
      return Optional.of(method + "_" + path + "_answers_404_(channel_not_in_this_gateway_build)");
    }
    return Optional.empty();
  }
}
