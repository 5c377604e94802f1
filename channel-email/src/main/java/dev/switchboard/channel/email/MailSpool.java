package dev.switchboard.channel.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps a raw mail for parsing, hashing it and refusing it once it passes the size limit: in the heap up
 * to {@link #IN_MEMORY} bytes, past that in a temporary file.
 */
final class MailSpool {

  /** Mail up to this size stays in the heap; the bench's typical mail is 3 KB, one with an attachment 20 KB. */
  static final int IN_MEMORY = 256 * 1024;

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

  /** Writes a raw mail into the spool; IMAP messages write themselves, uploads are copied. */
  @FunctionalInterface
  interface Source {
    void writeTo(OutputStream out) throws IOException;
  }

  SpooledMail spool(InputStream in, long maxBytes) throws IOException {
    return spool(in::transferTo, maxBytes);
  }

  SpooledMail spool(Source source, long maxBytes) throws IOException {
    Spill target = new Spill();
    boolean ok = false;
    try {
      SpoolingStream spooling = new SpoolingStream(target, maxBytes);
      source.writeTo(spooling);
      spooling.finish();
      target.close();
      ok = true;
      String hash = HexFormat.of().formatHex(spooling.sha.digest());
      return target.file == null
          ? SpooledMail.inMemory(target.memory.toByteArray(), hash)
          : SpooledMail.onDisk(target.file, spooling.total, hash);
    } finally {
      if (!ok) {
        target.discard();
      }
    }
  }

  /** Bytes in the heap until they pass {@link #IN_MEMORY}, then all of them in a temporary file. */
  private final class Spill extends OutputStream {
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
    private Path file;
    private OutputStream disk;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (disk == null && memory.size() + len > IN_MEMORY) {
        file = dir == null
            ? Files.createTempFile("switchboard-mail-", ".eml")
            : Files.createTempFile(dir, "switchboard-mail-", ".eml");
        disk = Files.newOutputStream(file);
        memory.writeTo(disk);
        memory = null;
      }
      if (disk != null) {
        disk.write(b, off, len);
      } else {
        memory.write(b, off, len);
      }
    }

    @Override
    public void close() throws IOException {
      if (disk != null) {
        disk.close();
      }
    }

    void discard() throws IOException {
      try {
        close();
      } finally {
        if (file != null) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** Counts, limits, hashes (carriage returns left out) and header-fixes the bytes on their way to the file. */
  private static final class SpoolingStream extends OutputStream {
    private final OutputStream out;
    private final long maxBytes;
    private final MessageDigest sha = sha256();
    private final HeaderEnd headerEnd = new HeaderEnd();
    private byte[] filtered = new byte[8192];
    private byte[] noCr = new byte[8192];
    private long total;

    SpoolingStream(OutputStream out, long maxBytes) {
      this.out = out;
      this.maxBytes = maxBytes;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (headerEnd.passed()) {
        emit(b, off, len); // the body goes through as it is, without a copy
        return;
      }
      if (filtered.length < len + 1024) {
        filtered = new byte[len + 1024];
      }
      byte[] in = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
      emit(filtered, 0, headerEnd.filter(in, len, filtered));
    }

    void finish() throws IOException {
      emit(filtered, 0, headerEnd.flush(filtered));
    }

    private void emit(byte[] bytes, int off, int len) throws IOException {
      total += len;
      if (total > maxBytes) {
        throw new TooLargeException(maxBytes);
      }
      out.write(bytes, off, len);
      if (noCr.length < len) {
        noCr = new byte[len];
      }
      int k = 0;
      for (int i = off, end = off + len; i < end; i++) {
        if (bytes[i] != '\r') {
          noCr[k++] = bytes[i];
        }
      }
      sha.update(noCr, 0, k);
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
          System.arraycopy(in, i, out, m, n - i); // past the header block: the rest as it is
          return m + n - i;
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

    /** Whether the header block has ended: from here on every byte passes unchanged. */
    boolean passed() {
      return !inHeaders;
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
