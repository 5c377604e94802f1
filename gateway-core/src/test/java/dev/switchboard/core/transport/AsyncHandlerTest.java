package dev.switchboard.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.http.BodyStream;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Handlers answer with stages: how the transport writes, maps and bounds them. */
class AsyncHandlerTest {

  static final Duration DEADLINE = Duration.ofMillis(400);

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final CompletableFuture<HttpResponse> releaseFirst = new CompletableFuture<>();
  final AtomicBoolean secondAnswered = new AtomicBoolean();
  /** Stages completed by the test, from a thread of its own, as the store's completions are. */
  @SuppressWarnings("unchecked")
  final CompletableFuture<HttpResponse>[] slots = new CompletableFuture[5];
  /** Three 64 KB chunks and a bit: streamed through the chunked writer. */
  static final byte[] STREAMED = streamedBody();
  GatewayServer server;

  @BeforeEach
  void start() throws Exception {
    RouteTable routes = new RouteTable();
    routes.get("/conflict", r -> CompletableFuture.failedFuture(new HttpException(409, "taken", "Already taken.")));
    routes.get("/broken", r -> CompletableFuture.supplyAsync(() -> {
      throw new IllegalStateException("store on fire");
    }));
    routes.get("/never", r -> new CompletableFuture<>());
    routes.post("/never", r -> new CompletableFuture<>());
    routes.get("/first", r -> releaseFirst);
    routes.get("/second", HttpHandler.sync(r -> {
      secondAnswered.set(true);
      return HttpResponse.text(200, "text/plain", "second");
    }));
    routes.get("/thread", r -> CompletableFuture.completedFuture(
        HttpResponse.text(200, "text/plain", Thread.currentThread().getName())));
    routes.get("/loop", new HttpHandler() {
      @Override
      public CompletableFuture<HttpResponse> handle(dev.switchboard.core.http.HttpRequest r) {
        return CompletableFuture.completedFuture(HttpResponse.text(200, "text/plain", Thread.currentThread().getName()));
      }

      @Override
      public Dispatch dispatch() {
        return Dispatch.EVENT_LOOP;
      }
    });
    routes.get("/loop-throws", new HttpHandler() {
      @Override
      public CompletableFuture<HttpResponse> handle(dev.switchboard.core.http.HttpRequest r) {
        throw new IllegalStateException("thrown on the loop");
      }

      @Override
      public Dispatch dispatch() {
        return Dispatch.EVENT_LOOP;
      }
    });
    for (int i = 0; i < slots.length; i++) {
      CompletableFuture<HttpResponse> slot = slots[i] = new CompletableFuture<>();
      routes.get("/slot/" + i, r -> slot);
    }
    routes.get("/stream", HttpHandler.sync(r -> HttpResponse.streamed("application/octet-stream", new BodyStream() {
      @Override
      public long length() {
        return STREAMED.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(STREAMED);
      }
    })));
    server = GatewayServer.start("127.0.0.1", 0, routes,
        TransportSettings.defaults(1 << 20).withHandlerTimeout(DEADLINE), meters);
  }

  @AfterEach
  void stop() {
    releaseFirst.complete(HttpResponse.text(200, "text/plain", "late"));
    server.close(Duration.ofSeconds(2));
  }

  @Test
  void failedStageWithHttpExceptionIsItsJsonError() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /conflict HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 409")
          .endsWith("{\"error\":\"taken\",\"message\":\"Already taken.\"}");
    }
    assertThat(meters.counter("switchboard.http.errors", "status", "409", "code", "taken").count()).isEqualTo(1);
  }

  @Test
  void failedStageWithAnyOtherFailureIs500WithoutItsMessage() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 500")
          .contains("\"error\":\"internal_error\"").doesNotContain("on fire");
    }
  }

  @Test
  void stageThatNeverCompletesGetsTheDeadlineAnswerAndTheConnectionGoesOn() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      long start = System.nanoTime();
      c.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 503").contains("Retry-After: 5")
          .contains("\"error\":\"deadline_exceeded\"");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);
      c.send("GET /second HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("second");
    }
    assertThat(meters.counter("switchboard.http.deadline.exceeded", "route", "/never").count()).isEqualTo(1);
    assertThat(meters.counter("switchboard.http.errors", "status", "503", "code", "deadline_exceeded").count())
        .isEqualTo(1);
  }

  @Test
  void bodyOfARequestPastItsDeadlineIsDeleted() throws Exception {
    int size = 600 * 1024; // over the in-memory limit: spilled to a file
    try (RawClient c = new RawClient(server.port())) {
      c.send("POST /never HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n").send(new byte[size]);
      assertThat(c.readResponse()).startsWith("HTTP/1.1 503").contains("deadline_exceeded");
    }
    try (var files = Files.list(server.bodyTempDir())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void pipelinedAnswersStayInOrderWhenALaterStageCompletesFirst() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n");
      await().atMost(Duration.ofSeconds(5)).untilTrue(secondAnswered);
      assertThat(c.in.available()).isZero();
      releaseFirst.complete(HttpResponse.text(200, "text/plain", "first"));
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("first");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("second");
    }
  }

  @Test
  void handlerIsCalledOnTheWorkersUnlessItAsksForTheEventLoop() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").contains("sb-handler");
      c.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").contains("sb-io");
      c.send("GET /loop-throws HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 500").contains("\"error\":\"internal_error\"")
          .doesNotContain("thrown on the loop");
    }
    assertThat(meters.timer("switchboard.http.requests", "route", "/loop", "method", "GET", "status", "200").count())
        .isEqualTo(1);
    assertThat(meters.timer("switchboard.http.requests", "route", "/loop-throws", "method", "GET", "status", "500")
        .count()).isEqualTo(1);
  }

  @Test
  void eventLoopAnswerWaitsForAnEarlierWorkerAnswerOnTheSameConnection() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /loop HTTP/1.1\r\nHost: x\r\n\r\n");
      releaseFirst.complete(HttpResponse.text(200, "text/plain", "first"));
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("first");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").contains("sb-io");
    }
  }

  @Test
  void pipelinedAnswersCompletedInReverseOnAnotherThreadArriveInRequestOrder() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      StringBuilder requests = new StringBuilder();
      for (int i = 0; i < slots.length; i++) {
        requests.append("GET /slot/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
      }
      c.send(requests.toString());
      Thread completer = new Thread(() -> {
        for (int i = slots.length - 1; i >= 0; i--) {
          slots[i].complete(HttpResponse.text(200, "text/plain", "slot " + i));
        }
      }, "test-completions");
      completer.start();
      for (int i = 0; i < slots.length; i++) {
        assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("slot " + i);
      }
      completer.join();
    }
  }

  @Test
  void answersCompletedOffTheLoopAreTimedOnTheirWayToItAndThoseOnItAreNot() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200");
      assertThat(meters.get("switchboard.http.answer.handoff").timer().count()).isZero();

      c.send("GET /slot/0 HTTP/1.1\r\nHost: x\r\n\r\nGET /slot/1 HTTP/1.1\r\nHost: x\r\n\r\n");
      // Completed only once the server waits on both: a stage completed before the loop took its request is
      // already done when the handler returns it, so it is answered on the loop (rightly not timed). Under load
      // the loop could read the second request after the completer ran.
      await().atMost(Duration.ofSeconds(10))
          .until(() -> slots[0].getNumberOfDependents() > 0 && slots[1].getNumberOfDependents() > 0);
      Thread completer = new Thread(() -> {
        slots[1].complete(HttpResponse.text(200, "text/plain", "slot 1"));
        slots[0].complete(HttpResponse.text(200, "text/plain", "slot 0"));
      }, "test-completions");
      completer.start();
      assertThat(c.readResponse()).endsWith("slot 0");
      assertThat(c.readResponse()).endsWith("slot 1");
      completer.join();
    }
    assertThat(meters.get("switchboard.http.answer.handoff").timer().count()).isEqualTo(2);
  }

  @Test
  void deadlineAnswerKeepsItsTurnAndTheLateStageIsNotWrittenAfterIt() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 503").contains("deadline_exceeded");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("second");
      releaseFirst.complete(HttpResponse.text(200, "text/plain", "too late"));
      c.send("GET /second HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("second");
    }
  }

  @Test
  void streamedAnswerBetweenWholeOnesOnOneConnectionComesWholeAndInOrder() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("GET /second HTTP/1.1\r\nHost: x\r\n\r\nGET /stream HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /second HTTP/1.1\r\nHost: x\r\n\r\nGET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("second");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200")
          .endsWith(new String(STREAMED, StandardCharsets.ISO_8859_1));
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200").endsWith("second");
      assertThat(c.readResponse()).startsWith("HTTP/1.1 200")
          .endsWith(new String(STREAMED, StandardCharsets.ISO_8859_1));
    }
  }

  private static byte[] streamedBody() {
    byte[] body = new byte[3 * 64 * 1024 + 17];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    return body;
  }
}
