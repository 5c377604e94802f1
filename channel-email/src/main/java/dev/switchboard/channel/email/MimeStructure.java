package dev.switchboard.channel.email;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Counts a raw mail's MIME parts and nesting depth in one pass over its bytes, before Jakarta Mail builds
 * any of it: Jakarta parses a whole multipart level at once, so 150,000 parts (5.7 MB) would be built in
 * memory before {@link PartWalker} could count them. The scan follows what Jakarta will parse: boundaries
 * from each {@code Content-Type} (parsed by Jakarta's own {@link ContentType}), the first {@code --} line
 * where a multipart declares none (Jakarta's lenient rule), a boundary line ending a header block early,
 * outer boundaries ending inner parts, and attached {@code message/rfc822} bodies as one level deeper.
 * Multiparts and messages under a transfer encoding other than 7bit/8bit/binary are not descended into
 * (RFC 2045 forbids them, and {@link PartWalker} keeps them as attachments), so the count is an upper
 * bound on what the walk meets. Linear: every line is compared with at most {@code maxDepth + 1} boundaries.
 */
final class MimeStructure {

  /** Bytes of a line kept for matching; a boundary or {@code Content-Type} line longer than this is refused. */
  static final int MAX_LINE = 8192;
  /** Longest {@code Content-Type} or transfer encoding read, unfolded; real ones are a few hundred bytes. */
  static final int MAX_HEADER = MAX_LINE;

  /** A multipart being read: its boundary ({@code null} until the first {@code --} line, when undeclared). */
  private static final class Level {
    String boundary;
    final int childDepth;

    Level(String boundary, int childDepth) {
      this.boundary = boundary;
      this.childDepth = childDepth;
    }
  }

  private final MailLimits limits;
  private final List<Level> levels = new ArrayList<>();
  private int parts;
  /** The depth of the entity whose header block is being read, or -1 in a body. */
  private int headerDepth;
  private final StringBuilder contentType = new StringBuilder();
  private final StringBuilder encoding = new StringBuilder();
  private boolean sawContentType;
  private boolean sawEncoding;
  /** The header the last lines belong to: {@code contentType}, {@code encoding} or neither ({@code null}). */
  private StringBuilder current;

  private MimeStructure(MailLimits limits) {
    this.limits = limits;
  }

  /** The refusal for a mail over the part or depth limits (or with an unreadable structure), else empty. */
  static Optional<Normalization.Refused> check(InputStream mail, MailLimits limits) throws IOException {
    return new MimeStructure(limits).scan(mail);
  }

  private Optional<Normalization.Refused> scan(InputStream in) throws IOException {
    Optional<Normalization.Refused> refused = startEntity(0);
    LineReader lines = new LineReader(in);
    while (refused.isEmpty() && lines.next()) {
      refused = line(lines);
    }
    if (refused.isEmpty() && headerDepth >= 0) {
      refused = endHeaders();
    }
    return refused;
  }

  private Optional<Normalization.Refused> line(LineReader line) {
    if (line.startsWithDashes()) {
      String text = line.text();
      for (int i = 0; i < levels.size(); i++) {
        Level level = levels.get(i);
        if (level.boundary == null && i == levels.size() - 1) {
          // Jakarta's lenient rule: a multipart without a boundary parameter takes its first "--" line.
          level.boundary = text.substring(2).strip();
          if (line.truncated()) {
            return unreadable("a MIME boundary is longer than " + MAX_LINE + " bytes");
          }
        }
        if (level.boundary != null && text.startsWith(level.boundary, 2)) {
          String rest = text.substring(2 + level.boundary.length());
          boolean close = rest.startsWith("--");
          if (close || rest.isBlank()) {
            return boundary(i, close);
          }
        }
      }
    }
    if (headerDepth < 0) {
      return Optional.empty();
    }
    if (line.isEmpty()) {
      return endHeaders();
    }
    return header(line);
  }

  private Optional<Normalization.Refused> boundary(int index, boolean close) {
    if (headerDepth >= 0) {
      Optional<Normalization.Refused> refused = endHeaders(); // a boundary ends a header block early
      if (refused.isPresent()) {
        return refused;
      }
    }
    Level level = levels.get(index);
    while (levels.size() > index + 1) {
      levels.remove(levels.size() - 1);
    }
    if (close) {
      levels.remove(index);
      headerDepth = -1;
      return Optional.empty();
    }
    return startEntity(level.childDepth);
  }

  private Optional<Normalization.Refused> startEntity(int depth) {
    if (++parts > limits.maxParts()) {
      return Optional.of(new Normalization.Refused(Refusal.TOO_MANY_PARTS,
          "the mail has more than " + limits.maxParts() + " MIME parts (the limit)"));
    }
    if (depth > limits.maxDepth()) {
      return Optional.of(new Normalization.Refused(Refusal.TOO_DEEP,
          "the mail nests MIME parts deeper than " + limits.maxDepth() + " levels (the limit)"));
    }
    headerDepth = depth;
    contentType.setLength(0);
    encoding.setLength(0);
    sawContentType = false;
    sawEncoding = false;
    current = null;
    return Optional.empty();
  }

  private Optional<Normalization.Refused> header(LineReader line) {
    String text = line.text();
    boolean continued = text.startsWith(" ") || text.startsWith("\t");
    if (!continued) {
      int colon = text.indexOf(':');
      String name = colon < 0 ? "" : text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      current = null;
      // Jakarta reads the first of each, as here.
      if (name.equals("content-type") && !sawContentType) {
        sawContentType = true;
        current = contentType;
      } else if (name.equals("content-transfer-encoding") && !sawEncoding) {
        sawEncoding = true;
        current = encoding;
      }
      text = colon < 0 ? "" : text.substring(colon + 1);
    }
    if (current == null) {
      return Optional.empty();
    }
    if (line.truncated() || current.length() + text.length() > MAX_HEADER) {
      return unreadable("a Content-Type or Content-Transfer-Encoding header is longer than " + MAX_HEADER + " bytes");
    }
    current.append(text);
    return Optional.empty();
  }

  private Optional<Normalization.Refused> endHeaders() {
    int depth = headerDepth;
    headerDepth = -1;
    String type = sawContentType ? contentType.toString().strip() : "text/plain";
    if (!identity(sawEncoding ? encoding.toString() : null)) {
      return Optional.empty();
    }
    ContentType parsed;
    try {
      parsed = new ContentType(type);
    } catch (ParseException | RuntimeException e) {
      return Optional.empty(); // Jakarta cannot read it as a multipart or message either
    }
    String base = parsed.getBaseType().toLowerCase(Locale.ROOT);
    if (base.startsWith("multipart/")) {
      String boundary = parsed.getParameter("boundary");
      if (boundary != null && !StandardCharsets.US_ASCII.newEncoder().canEncode(boundary)) {
        return unreadable("a MIME boundary has characters outside ASCII");
      }
      if (boundary != null && boundary.length() > MAX_LINE - 4) {
        return unreadable("a MIME boundary is longer than " + MAX_LINE + " bytes");
      }
      levels.add(new Level(boundary, depth + 1));
      return Optional.empty();
    }
    if (base.equals("message/rfc822")) {
      return startEntity(depth + 1); // the attached message's own headers follow
    }
    return Optional.empty();
  }

  static boolean identity(String encoding) {
    if (encoding == null || encoding.isBlank()) {
      return true;
    }
    String e = encoding.strip().toLowerCase(Locale.ROOT);
    return e.equals("7bit") || e.equals("8bit") || e.equals("binary");
  }

  private static Optional<Normalization.Refused> unreadable(String why) {
    return Optional.of(new Normalization.Refused(Refusal.UNREADABLE, "the mail's MIME structure cannot be read: " + why));
  }

  /** Lines of bytes (LF or CRLF), each kept up to {@link #MAX_LINE} bytes and read as ISO-8859-1. */
  private static final class LineReader {
    private final InputStream in;
    /** Read ahead from {@code in}: this reader's own buffer, so a byte costs no call and no lock. */
    private final byte[] chunk = new byte[8192];
    private int chunkPos;
    private int chunkEnd;
    private final byte[] buf = new byte[MAX_LINE];
    private int length;
    private boolean truncated;

    LineReader(InputStream in) {
      this.in = in;
    }

    /** Reads the next chunk of {@code in}; false at its end (a read of nothing counts as the end). */
    private boolean fill() throws IOException {
      int n = in.read(chunk, 0, chunk.length);
      if (n <= 0) {
        return false;
      }
      chunkPos = 0;
      chunkEnd = n;
      return true;
    }

    boolean next() throws IOException {
      length = 0;
      truncated = false;
      if (chunkPos == chunkEnd && !fill()) {
        return false;
      }
      // CR, LF and CRLF all end a line, as in Jakarta's LineInputStream. The line's bytes are found by a
      // scan of the chunk and copied at once: this runs over every byte of the mail, base64 and all.
      while (true) {
        int end = chunkPos;
        while (end < chunkEnd && chunk[end] != '\n' && chunk[end] != '\r') {
          end++;
        }
        keep(chunkPos, end);
        chunkPos = end;
        if (end < chunkEnd) {
          break;
        }
        if (!fill()) {
          return true; // the mail's last line, without a line end
        }
      }
      if (chunk[chunkPos++] == '\r' && (chunkPos < chunkEnd || fill()) && chunk[chunkPos] == '\n') {
        chunkPos++;
      }
      return true;
    }

    /** Keeps {@code chunk[from, to)} after what the line holds, up to {@link #MAX_LINE} bytes. */
    private void keep(int from, int to) {
      int n = to - from;
      if (n > buf.length - length) {
        truncated = true;
        n = buf.length - length;
      }
      System.arraycopy(chunk, from, buf, length, n);
      length += n;
    }

    boolean startsWithDashes() {
      return length >= 2 && buf[0] == '-' && buf[1] == '-';
    }

    /** An empty line ends a header block (a line of spaces does not: Jakarta reads it as a continuation). */
    boolean isEmpty() {
      return length == 0 && !truncated;
    }

    boolean truncated() {
      return truncated;
    }

    String text() {
      return new String(buf, 0, length, StandardCharsets.ISO_8859_1);
    }
  }
}
