package dev.switchboard.server;

import dev.switchboard.core.Gateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code switchboard warm-up}: starts a gateway on a throwaway store and port, answers one readiness check,
 * and stops. Run under {@code -XX:ArchiveClassesAtExit=FILE} it records the classes a start loads in a class
 * data archive, which later starts map instead of loading and verifying each class from the jar (the
 * launcher and the image do so: docs/operations.md, "Class data archive").
 */
final class WarmUp {

  private WarmUp() {}

  static int run(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("switchboard-warm-up-");
    try {
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(config, """
          # A throwaway gateway for switchboard warm-up.
          server: { port: 0, host: 127.0.0.1 }
          storage: { sqlite: "%s", attachments: "%s" }
          channels:
            chat: { allowedOrigins: ["http://127.0.0.1"] }
          """.formatted(dir.resolve("warm-up.db"), dir.resolve("attachments")));
      Gateway gateway = Main.start(config);
      try {
        out.println("Warm-up gateway on port " + gateway.port() + ": " + readyStatusLine(gateway.port()));
      } finally {
        gateway.close();
      }
      return 0;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The status line of {@code GET /health/ready}, over a plain socket (no HTTP client to record). */
  private static String readyStatusLine(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream request = socket.getOutputStream();
      request.write("GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      request.flush();
      InputStream response = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b = response.read(); b != -1 && b != '\r' && b != '\n'; b = response.read()) {
        line.append((char) b);
      }
      return line.toString();
    }
  }
}
