package dev.switchboard.channel.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a real IMAP server that writes down every command line the client sends (tag
 * dropped), so a test can count the commands a reader spends: GreenMail answers each {@code UID FETCH} or
 * {@code UID STORE} by walking the whole folder, so their number is what a pass costs. It can also answer
 * the next commands with one verb {@code NO} itself (the server never sees them), hold the next command
 * with one verb until released, keep the server's {@code EXISTS} announcements from one connection, keep one
 * UID out of the server's {@code SEARCH} answers (as a server that shows UID n+1 before n), and cut every
 * connection.
 */
final class ImapCommandTap implements AutoCloseable {

  /** A command line a client sent, on its {@code connection} (numbered from 0 in the order accepted). */
  record Command(int connection, String line) {
    /** The command's verb, with UID's second word: {@code UID FETCH}, {@code NOOP}, {@code IDLE}. */
    String verb() {
      String[] words = line.split(" ");
      return words[0].equalsIgnoreCase("UID") && words.length > 1 ? "UID " + words[1].toUpperCase()
          : words[0].toUpperCase();
    }
  }

  private final ServerSocket server;
  private final int target;
  private final List<Command> commands = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusals = new AtomicInteger();
  private volatile String refusedVerb;
  private volatile String heldVerb;
  private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
  private volatile int silenced = -1;
  private volatile long hidden = -1;
  private volatile int hiddenOn = -1;
  private int connections;

  ImapCommandTap(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "imap-tap-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many commands were written down so far: a mark for {@link #since}. */
  int mark() {
    return commands.size();
  }

  /** The commands sent after {@code mark}. */
  List<Command> since(int mark) {
    // A snapshot first: a sub-list of a CopyOnWriteArrayList fails when the tap writes a command meanwhile.
    List<Command> all = new ArrayList<>(commands);
    return new ArrayList<>(all.subList(Math.min(mark, all.size()), all.size()));
  }

  /** The commands with this verb sent after {@code mark}. */
  List<Command> since(int mark, String verb) {
    return since(mark).stream().filter(c -> c.verb().equals(verb)).toList();
  }

  /** The next {@code times} commands with this verb are answered {@code NO} by the tap, not sent on. */
  void refuse(String verb, int times) {
    refusals.set(times);
    refusedVerb = verb;
  }

  /**
   * The next command with this verb waits in the tap (the server has not seen it) until {@link #release()};
   * returns a latch that opens once it is held.
   */
  java.util.concurrent.CountDownLatch hold(String verb) {
    heldVerb = verb;
    return held;
  }

  /** Sends the held command on. */
  void release() {
    released.countDown();
  }

  /** The server's {@code * n EXISTS} lines to this connection are dropped from now on. */
  void silenceArrivals(int connection) {
    silenced = connection;
  }

  /** The server's {@code SEARCH} answers, on every connection, leave out this UID until {@link #showInSearches()}. */
  void hideInSearches(long uid) {
    hideInSearches(-1, uid);
  }

  /** As {@link #hideInSearches(long)}, on one connection only ({@code -1}: on every one). */
  void hideInSearches(int connection, long uid) {
    hiddenOn = connection;
    hidden = uid;
  }

  /** The server's {@code SEARCH} answers pass whole again. */
  void showInSearches() {
    hidden = -1;
  }

  /** Resets every connection open now (the client sees its connection drop). */
  void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(upstream);
        int connection = connections++;
        OutputStream toClient = client.getOutputStream();
        relay("imap-tap-up", client.getInputStream(), upstream.getOutputStream(), toClient, connection, client,
            upstream);
        relay("imap-tap-down", upstream.getInputStream(), toClient, toClient, -1 - connection, client, upstream);
      } catch (IOException e) {
        // closed
      }
    }
  }

  /**
   * Copies one direction; lines from the client ({@code connection} >= 0) are written down and passed on
   * whole, or answered {@code NO} on {@code toClient} when refused. From the server ({@code connection}
   * is -1 - the client's) bytes pass as they come, or line by line while its arrivals are silenced or a UID
   * is hidden from searches.
   * Writes to the client hold its stream's lock.
   */
  private void relay(String name, InputStream in, OutputStream out, OutputStream toClient, int connection, Socket a,
      Socket b) {
    Thread t = new Thread(() -> {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) != -1) {
          if (connection < 0) {
            if (silenced != -1 - connection && hidden < 0 && line.size() == 0) {
              synchronized (toClient) {
                out.write(buf, 0, n);
                out.flush();
              }
              continue;
            }
            for (int i = 0; i < n; i++) {
              line.write(buf[i]);
              if (buf[i] == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, StandardCharsets.US_ASCII);
                long hide = hidden;
                if (hide >= 0 && (hiddenOn == -1 || hiddenOn == -1 - connection) && text.startsWith("* SEARCH")) {
                  bytes = text.replaceAll(" " + hide + "(?=[ \r\n])", "").getBytes(StandardCharsets.US_ASCII);
                }
                if (silenced != -1 - connection || !text.matches("\\* \\d+ EXISTS\r?\n")) {
                  synchronized (toClient) {
                    out.write(bytes);
                    out.flush();
                  }
                }
                line.reset();
              }
            }
            continue;
          }
          for (int i = 0; i < n; i++) {
            line.write(buf[i]);
            if (buf[i] == '\n') {
              pass(connection, line.toByteArray(), out, toClient);
              line.reset();
            }
          }
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(a);
        closeQuietly(b);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private void pass(int connection, byte[] bytes, OutputStream upstream, OutputStream toClient) throws IOException {
    String text = new String(bytes, StandardCharsets.US_ASCII).trim();
    int space = text.indexOf(' ');
    // "A12 UID FETCH ..." → "UID FETCH ..."; "DONE" (the end of IDLE) has no tag
    Command command = new Command(connection, space > 0 && !text.equals("DONE") ? text.substring(space + 1) : text);
    commands.add(command);
    if (command.verb().equals(heldVerb)) {
      heldVerb = null;
      held.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String verb = refusedVerb;
    if (verb != null && command.verb().equals(verb) && refusals.getAndDecrement() > 0) {
      synchronized (toClient) {
        toClient.write((text.substring(0, space) + " NO [SERVERBUG] refused by the test\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        toClient.flush();
      }
      return;
    }
    upstream.write(bytes);
    upstream.flush();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutAll();
  }
}
