package dev.switchboard.core.attachments;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.Gateway;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.testing.PostgresSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DownloadsContract} on PostgreSQL, where reading a small attachment's row is a network round trip
 * that can wait; and the proof that it waits on a store reader, never on an event loop: a second session
 * holds the {@code blobs} table locked, so the download's read of its row waits for real meanwhile.
 */
class PostgresDownloadsTest implements DownloadsContract {

  @RegisterExtension static final PostgresSchema db = new PostgresSchema();
  @TempDir static Path dir;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = DownloadsContract.start(dir, "{ postgres: { url: \"%s\", poolSize: 4 }, attachments: %s }"
        .formatted(db.storage(dir).postgres().url(), dir.resolve("attachments")));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Override
  public Gateway gateway() {
    return gateway;
  }

  @Override
  public Path attachmentFiles() {
    return dir.resolve("attachments");
  }

  @Test
  void aSmallAttachmentsRowIsReadOnAStoreReaderWhileEveryEventLoopAnswersOthers() throws Exception {
    byte[] pdf = DownloadsContract.random(30_000, (byte) '%');
    Blob blob = put(pdf, "invoice.pdf", "application/pdf");
    assertThat(blob).isInstanceOf(Blob.Bytes.class);
    String id = received(blob);

    try (Connection lock = DriverManager.getConnection(db.storage(dir).postgres().url())) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE blobs IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<HttpResponse<byte[]>> download = HTTP.sendAsync(HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/api/attachments/" + id))
          .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofByteArray());

      // The read of the row waits for the lock: on the thread that reads it, seen in its stack.
      List<String> reading = await().atMost(Duration.ofSeconds(20)).until(
          PostgresDownloadsTest::threadsReadingABlobRow, threads -> !threads.isEmpty());
      assertThat(reading).allSatisfy(name -> assertThat(name).startsWith("switchboard-store-read-"));

      // Consecutive connections are handed to the event loops in turn: every loop answers meanwhile. (One
      // gauge of pending tasks per loop: as many loops as the listener runs, whatever the rule for their count.)
      int loops = gateway.meters().find("netty.eventexecutor.tasks.pending").gauges().size();
      assertThat(loops).isPositive();
      for (int i = 0; i < 2 * loops; i++) {
        assertThat(live()).as("connection %s while the blob row is locked", i).isEqualTo("HTTP/1.1 200 OK");
      }
      assertThat(download).isNotDone();

      lock.rollback();
      HttpResponse<byte[]> r = download.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(pdf);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/pdf");
    }
  }

  /** The names of the threads whose stack is in the read of a {@code blobs} row now. */
  private static List<String> threadsReadingABlobRow() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals("dev.switchboard.core.store.BlobRows")
            && f.getMethodName().equals("content")))
        .map(e -> e.getKey().getName())
        .toList();
  }

  /** The status line of {@code GET /health/live} on a new connection, within 5 seconds. */
  private static String live() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(US_ASCII));
      return new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII)).readLine();
    }
  }
}
