package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe asks for the total alone and reads it wherever the answer puts it, past any waiting entries. */
class QueueProbeTest {

  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void readsTheTotalAfterTheWaitingEntries() throws Exception {
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      entries.append(i == 0 ? "" : ",").append("{\"conversationId\":\"c").append(i)
          .append("\",\"tier\":\"standard\",\"offeredTo\":null,\"widened\":false}");
    }
    int port = serve(200, "{\"tiers\":[{\"tier\":\"standard\",\"waiting\":[" + entries + "]}],"
        + "\"strategy\":\"earliest-deadline\",\"total\":1000}");

    assertThat(new QueueProbe(port).total()).isEqualTo(1_000);
  }

  @Test
  void asksForTheTotalWithoutTheListAndTheWholeListOnlyWhenTimingIt() throws Exception {
    int port = serve(200, "{\"total\":3,\"strategy\":\"fifo\",\"tiers\":[]}");
    QueueProbe probe = new QueueProbe(port);

    assertThat(probe.total()).isEqualTo(3);
    assertThat(probe.wholeListTime()).isPositive();
    assertThat(queries).containsExactly("limit=0", "");
  }

  @Test
  void readsTheTotalBeforeTheWaitingEntries() throws Exception {
    int port = serve(200, "{\"total\":0,\"strategy\":\"fifo\",\"tiers\":[]}");

    assertThat(new QueueProbe(port).total()).isZero();
  }

  @Test
  void refusesAnAnswerWithoutATotalOrNot200() throws Exception {
    assertThatThrownBy(() -> new QueueProbe(serve(200, "{\"tiers\":[]}")).total()).hasMessageContaining("no total");
    server.stop(0);
    assertThatThrownBy(() -> new QueueProbe(serve(503, "{\"error\":\"not_leader\"}")).total())
        .hasMessageContaining("503");
  }

  private int serve(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/queue", exchange -> {
      String query = exchange.getRequestURI().getQuery();
      queries.add(query == null ? "" : query);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return server.getAddress().getPort();
  }
}
