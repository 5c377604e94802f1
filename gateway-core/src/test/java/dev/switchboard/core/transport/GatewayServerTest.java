package dev.switchboard.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.WebSocketHandler;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayServerTest {

  static final long MAX_BODY = 2 * 1024 * 1024;
  static SimpleMeterRegistry meters = new SimpleMeterRegistry();
  static GatewayServer server;
  static HttpClient client = HttpClient.newHttpClient();
  static List<String> closed = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    RouteTable routes = new RouteTable();
    routes.get("/hello", HttpHandler.sync(r -> HttpResponse.text(200, "text/plain", "hi")));
    routes.get("/items/{id}", HttpHandler.sync(r -> HttpResponse.json(200, Map.of("id", r.pathParam("id")))));
    routes.get("/items/special", HttpHandler.sync(r -> HttpResponse.json(200, Map.of("special", true))));
    routes.post("/digest", HttpHandler.sync(r -> {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = r.body().open()) {
        md.update(in.readAllBytes());
      }
      return HttpResponse.json(200, Map.of("sha256", HexFormat.of().formatHex(md.digest()),
          "length", r.body().length()));
    }));
    routes.get("/teapot", r -> {
      throw new HttpException(418, "teapot", "I am a teapot.");
    });
    routes.get("/boom", r -> {
      throw new IllegalStateException("handler bug");
    });
    routes.webSocket("/ws", new EchoHandler(Duration.ofMinutes(1)));
    routes.webSocket("/ws-idle", new EchoHandler(Duration.ofMillis(300)));
    server = GatewayServer.start("127.0.0.1", 0, routes, MAX_BODY, meters);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  static java.net.http.HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
  }

  @Test
  void answersAnExactRoute() throws Exception {
    var r = get("/hello");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hi");
    assertThat(r.headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
  }

  @Test
  void exactSegmentWinsOverPathParameter() throws Exception {
    assertThat(get("/items/special").body()).isEqualTo("{\"special\":true}");
    assertThat(get("/items/42").body()).isEqualTo("{\"id\":\"42\"}");
  }

  @Test
  void unknownPathIs404WithJsonError() throws Exception {
    var r = get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
    assertThat(r.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"No resource at /nope.\"}");
  }

  @Test
  void wrongMethodIs405WithAllowHeader() throws Exception {
    var r = client.send(HttpRequest.newBuilder(uri("/hello")).DELETE().build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("allow")).contains("GET");
    assertThat(r.body()).contains("\"error\":\"method_not_allowed\"");
  }

  @Test
  void httpExceptionBecomesItsStatusAndCode() throws Exception {
    var r = get("/teapot");
    assertThat(r.statusCode()).isEqualTo(418);
    assertThat(r.body()).isEqualTo("{\"error\":\"teapot\",\"message\":\"I am a teapot.\"}");
  }

  @Test
  void failingHandlerIs500AndTheServerKeepsServing() throws Exception {
    var r = get("/boom");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("\"error\":\"internal_error\"").doesNotContain("handler bug");
    assertThat(get("/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void largeBodyArrivesWholeThroughATemporaryFile() throws Exception {
    byte[] body = new byte[MAX_BODY_MINUS_ONE_KB];
    new Random(7).nextBytes(body);
    var r = client.send(HttpRequest.newBuilder(uri("/digest")).POST(BodyPublishers.ofByteArray(body)).build(),
        BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(r.body()).contains(expected).contains("\"length\":" + body.length);
  }

  static final int MAX_BODY_MINUS_ONE_KB = (int) MAX_BODY - 1024;

  @Test
  void declaredOversizeBodyIs413BeforeItIsRead() throws Exception {
    byte[] body = new byte[(int) MAX_BODY + 1];
    var r = client.send(HttpRequest.newBuilder(uri("/digest")).POST(BodyPublishers.ofByteArray(body)).build(),
        BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"error\":\"payload_too_large\"");
    assertThat(meters.find("switchboard.http.errors").tag("code", "payload_too_large").counter()).isNotNull();
  }

  @Test
  void chunkedOversizeBodyIs413WhileStreaming() throws Exception {
    byte[] chunk = new byte[64 * 1024];
    // No Content-Length: the client streams chunks until the server refuses.
    var publisher = BodyPublishers.ofInputStream(() -> new InputStream() {
      long sent;

      @Override
      public int read() {
        return sent++ < MAX_BODY * 2 ? 1 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (sent >= MAX_BODY * 2) {
          return -1;
        }
        int n = Math.min(len, chunk.length);
        sent += n;
        return n;
      }
    });
    try {
      var r = client.send(HttpRequest.newBuilder(uri("/digest")).POST(publisher).build(), BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(413);
    } catch (java.io.IOException e) {
      // The server may close before the client finishes writing: also a refusal.
      assertThat(e).isNotNull();
    }
    assertThat(get("/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void malformedHttpIs400() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write("GARBAGE\r\nNot: http\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.setSoTimeout(30_000);
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"");
    }
  }

  @Test
  void keepAliveConnectionAnswersRequestsInOrder() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      String req = "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /items/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.setSoTimeout(30_000);
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer.indexOf("{\"id\":\"1\"}")).isLessThan(answer.indexOf("{\"id\":\"2\"}"));
      assertThat(answer.indexOf("{\"id\":\"2\"}")).isLessThan(answer.indexOf("{\"id\":\"3\"}"));
    }
  }

  @Test
  void plainGetOnAWebsocketPathIs426() throws Exception {
    var r = get("/ws");
    assertThat(r.statusCode()).isEqualTo(426);
    assertThat(r.body()).contains("\"error\":\"upgrade_required\"");
  }

  @Test
  void websocketEchoesTextFrames() throws Exception {
    Frames frames = new Frames();
    WebSocket ws = connect("/ws", frames);
    ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.texts.contains("echo:hello"));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void oversizeFrameGetsAnErrorFrameAndTheConnectionStaysOpen() throws Exception {
    Frames frames = new Frames();
    WebSocket ws = connect("/ws", frames);
    ws.sendText("x".repeat(5000), true).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.texts.stream().anyMatch(t -> t.contains("frame_too_large")));
    ws.sendText("still-there", true).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.texts.contains("echo:still-there"));
  }

  @Test
  void binaryFrameGetsAnErrorFrame() throws Exception {
    Frames frames = new Frames();
    WebSocket ws = connect("/ws", frames);
    ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.texts.stream()
        .anyMatch(t -> t.equals("{\"type\":\"error\",\"code\":\"unsupported_frame\",\"message\":\"Only text frames carrying JSON are understood here.\"}")));
  }

  @Test
  void refusedHandshakeAnswersWithTheHandlersResponse() throws Exception {
    Frames frames = new Frames();
    var failure = client.newWebSocketBuilder().header("X-Refuse", "yes")
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), frames);
    assertThat(failure).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void clientAnsweringPingsOutlivesTheIdleTimeout() throws Exception {
    Frames frames = new Frames();
    // The JDK client answers the server's pings by itself, which counts as activity.
    WebSocket ws = connect("/ws-idle", frames);
    await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5)).until(() -> !ws.isInputClosed());
    ws.sendText("alive", true).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> frames.texts.contains("echo:alive"));
  }

  @Test
  void clientThatNeverAnswersPingsIsClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /ws-idle HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.setSoTimeout(30_000);
      byte[] all = s.getInputStream().readAllBytes(); // returns when the server closes
      assertThat(new String(all, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> closed.contains("/ws-idle"));
  }

  static WebSocket connect(String path, Frames frames) throws Exception {
    return client.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), frames)
        .get(5, TimeUnit.SECONDS);
  }

  static final class Frames implements WebSocket.Listener {
    final List<String> texts = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        texts.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  /** Echoes text back; refuses the upgrade when the request has {@code X-Refuse}. */
  static final class EchoHandler implements WebSocketHandler {
    private final Duration idle;

    EchoHandler(Duration idle) {
      this.idle = idle;
    }

    @Override
    public Optional<HttpResponse> handshake(dev.switchboard.core.http.HttpRequest request) {
      return request.header("x-refuse").map(v -> HttpResponse.error(403, "forbidden_origin", "Not from here."));
    }

    @Override
    public WebSocketListener open(WebSocketSession session, dev.switchboard.core.http.HttpRequest request) {
      String path = request.path();
      Function<String, String> echo = t -> "echo:" + t;
      return new WebSocketListener() {
        @Override
        public void onText(String text) {
          session.send(echo.apply(text));
        }

        @Override
        public void onClose() {
          closed.add(path);
        }
      };
    }

    @Override
    public int maxFrameBytes() {
      return 4096;
    }

    @Override
    public Duration idleTimeout() {
      return idle;
    }
  }
}
