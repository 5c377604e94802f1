package dev.switchboard.channel.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a raw mail to a temporary file, hashing it and refusing it once it passes the size limit. */
final class MailSpool {

  private final Path dir;

  MailSpool(Path dir) {
    this.dir = dir;
  }

  /** Thrown when a mail has more bytes than allowed; the partial copy is already deleted. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long maxBytes) {
      super("the mail is larger than the limit of " + maxBytes + " bytes");
    }
  }

  SpooledMail spool(InputStream in, long maxBytes) throws IOException {
    Path file = dir == null
        ? Files.createTempFile("switchboard-mail-", ".eml")
        : Files.createTempFile(dir, "switchboard-mail-", ".eml");
    boolean ok = false;
    try {
      MessageDigest sha = sha256();
      long total = 0;
      byte[] buf = new byte[64 * 1024];
      HeaderEnd headerEnd = new HeaderEnd();
      byte[] out1 = new byte[buf.length * 2];
      byte[] noCr = new byte[out1.length];
      try (OutputStream out = Files.newOutputStream(file)) {
        int n;
        while ((n = in.read(buf)) != -1) {
          int m = headerEnd.filter(buf, n, out1);
          total += m;
          if (total > maxBytes) {
            throw new TooLargeException(maxBytes);
          }
          out.write(out1, 0, m);
          int k = 0;
          for (int i = 0; i < m; i++) {
            if (out1[i] != '\r') {
              noCr[k++] = out1[i];
            }
          }
          sha.update(noCr, 0, k);
        }
        int m = headerEnd.flush(out1);
        out.write(out1, 0, m);
        sha.update(out1, 0, m);
        total += m;
      }
      ok = true;
      return new SpooledMail(file, total, HexFormat.of().formatHex(sha.digest()));
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Ends the header at a line of only spaces or tabs, as mail readers do: otherwise such a line would
   * fold the whole body into the last header and the mail would seem empty.
   */
  static final class HeaderEnd {
    private boolean inHeaders = true;
    private boolean atLineStart = true;
    private final byte[] pending = new byte[1024];
    private int pendingLength;

    int filter(byte[] in, int n, byte[] out) {
      int m = 0;
      for (int i = 0; i < n; i++) {
        byte b = in[i];
        if (!inHeaders) {
          out[m++] = b;
        } else if (atLineStart && (b == ' ' || b == '\t') && pendingLength < pending.length) {
          pending[pendingLength++] = b;
        } else if (atLineStart && b == '\r') {
          out[m++] = b; // a line of only whitespace: its blanks are dropped
        } else if (atLineStart && b == '\n') {
          pendingLength = 0;
          inHeaders = false;
          out[m++] = b;
        } else {
          m = flush(out, m);
          out[m++] = b;
          atLineStart = b == '\n';
        }
      }
      return m;
    }

    int flush(byte[] out) {
      return flush(out, 0);
    }

    private int flush(byte[] out, int m) {
      System.arraycopy(pending, 0, out, m, pendingLength);
      m += pendingLength;
      pendingLength = 0;
      return m;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
