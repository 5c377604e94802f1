package dev.switchboard.bench.email;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench's own IMAP client for filing mails with {@code APPEND}: non-synchronizing literals (LITERAL+),
 * so a list of mails goes out pipelined, up to {@value #WINDOW} commands ahead of their answers, each mail
 * its own APPEND and its own transaction as a delivery is. Jakarta Mail waits for each answer before the
 * next APPEND: one round trip between two processes per mail, which on a loaded machine cost ~10 ms each
 * (3,000 mails in 29 s at a load of 15) and made the burst measure the bench instead of the gateway.
 */
final class ImapAppender implements AutoCloseable {

  private static final int WINDOW = 64;
  private static final Pattern MESSAGES = Pattern.compile("^\\* STATUS .*\\(MESSAGES (\\d+)\\)", Pattern.CASE_INSENSITIVE);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private long tags;

  private ImapAppender(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /** Connects to 127.0.0.1:{@code port} and logs in; the server must offer LITERAL+. */
  static ImapAppender login(int port, String user, String password) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      ImapAppender client = new ImapAppender(socket);
      String greeting = client.readLine();
      if (!greeting.startsWith("* OK")) {
        throw new IOException("IMAP greeting: " + greeting);
      }
      client.command("LOGIN " + quoted(user) + " " + quoted(password));
      if (!client.command("CAPABILITY").toUpperCase(java.util.Locale.ROOT).contains(" LITERAL+")) {
        throw new IOException("the IMAP server does not offer LITERAL+");
      }
      return client;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Files the mails into INBOX in order; returns when the server has answered OK to every one. */
  void append(List<byte[]> mails) throws IOException {
    long first = tags + 1;
    int sent = 0;
    int done = 0;
    while (done < mails.size()) {
      while (sent < mails.size() && sent - done < WINDOW) {
        byte[] mail = mails.get(sent++);
        out.write(("a" + (++tags) + " APPEND INBOX {" + mail.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(mail);
        out.write('\r');
        out.write('\n');
      }
      out.flush();
      String line = readLine();
      if (!line.startsWith("*")) {
        String expected = "a" + (first + done) + " OK";
        if (!line.startsWith(expected)) {
          throw new IOException("APPEND of mail " + done + " of " + mails.size() + ": " + line);
        }
        done++;
      }
    }
  }

  /** The number of mails in INBOX ({@code STATUS INBOX (MESSAGES)}). */
  int messageCount() throws IOException {
    String untagged = command("STATUS INBOX (MESSAGES)");
    Matcher m = MESSAGES.matcher(untagged);
    if (!m.find()) {
      throw new IOException("STATUS answer without MESSAGES: " + untagged);
    }
    return Integer.parseInt(m.group(1));
  }

  @Override
  public void close() throws IOException {
    try {
      out.write(("a" + (++tags) + " LOGOUT\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException closedAlready) {
      // the socket closes below either way
    } finally {
      socket.close();
    }
  }

  /** Sends one command and reads to its tagged answer; returns the untagged lines before it, or fails unless OK. */
  private String command(String command) throws IOException {
    String tag = "a" + (++tags);
    out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder untagged = new StringBuilder();
    for (String line = readLine(); ; line = readLine()) {
      if (line.startsWith(tag + " ")) {
        if (!line.startsWith(tag + " OK")) {
          throw new IOException(command.startsWith("LOGIN") ? "LOGIN: " + line : command + ": " + line);
        }
        return untagged.toString();
      }
      untagged.append(line).append('\n');
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int previous = -1;
    for (int b = in.read(); ; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the IMAP server closed the connection");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
      }
      line.write(b);
      previous = b;
    }
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
