package dev.switchboard.channel.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal SMTP server on 127.0.0.1 that answers MAIL, RCPT and the end of DATA with the replies a
 * test chooses, such as {@code 451 try later} or {@code 550 no such user}: failures GreenMail cannot
 * produce on demand.
 */
final class ScriptedSmtpServer implements AutoCloseable {

  private final ServerSocket server;
  private final String mailReply;
  private final String rcptReply;
  private final String dataReply;

  ScriptedSmtpServer(String mailReply, String rcptReply, String dataReply) throws IOException {
    this.mailReply = mailReply;
    this.rcptReply = rcptReply;
    this.dataReply = dataReply;
    this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "scripted-smtp");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(10_000);
        talk(s);
      } catch (IOException e) {
        // the client left or the server closed
      }
    }
  }

  private void talk(Socket s) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = s.getOutputStream();
    send(out, "220 scripted.test ESMTP");
    String line;
    boolean inData = false;
    while ((line = in.readLine()) != null) {
      if (inData) {
        if (line.equals(".")) {
          inData = false;
          send(out, dataReply);
        }
        continue;
      }
      String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
      switch (verb) {
        case "EHLO", "HELO" -> send(out, "250 scripted.test");
        case "MAIL" -> send(out, mailReply);
        case "RCPT" -> send(out, rcptReply);
        case "DATA" -> {
          send(out, "354 go ahead");
          inData = true;
        }
        case "RSET", "NOOP" -> send(out, "250 ok");
        case "QUIT" -> {
          send(out, "221 bye");
          return;
        }
        default -> send(out, "502 not implemented");
      }
    }
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
