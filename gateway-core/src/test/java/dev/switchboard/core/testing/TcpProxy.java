package dev.switchboard.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 that a test can cut: {@code cut(true)} drops every open client connection
 * and refuses new ones until {@code cut(false)}, as a network failure would (a mail server, the database).
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<Socket> upstreams = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  private TcpProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static TcpProxy to(int port) throws IOException {
    return new TcpProxy(port);
  }

  public int port() {
    return server.getLocalPort();
  }

  public void cut(boolean cut) {
    this.cut = cut;
    if (cut) {
      for (Socket s : open) {
        closeQuietly(s);
      }
      open.clear();
    }
  }

  /**
   * Closes the relay's connections to the target too, as the target's TCP keepalive would find them dead
   * in the end: a database then rolls back what those sessions had open and releases their locks.
   */
  public void closeServerSide() {
    for (Socket s : upstreams) {
      closeQuietly(s);
    }
    upstreams.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        upstreams.add(upstream);
        pump(client, upstream, client);
        pump(upstream, client, client);
      } catch (IOException e) {
        // closed, or the target went away: the next accept decides
      }
    }
  }

  /**
   * Copies one direction; at the end only the client's socket is closed. The server side is left open,
   * so the server sees a silent peer (as after a network failure) rather than a reset it would report.
   */
  private void pump(Socket from, Socket to, Socket client) {
    Thread t = new Thread(() -> {
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(client);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
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
    cut(true);
    server.close();
  }
}
