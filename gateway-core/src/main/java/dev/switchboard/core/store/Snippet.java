package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of the text a search matched, as plain text, with the matched words as {@code [start, end)}
 * ranges of UTF-16 offsets (a JavaScript string's indices), so a client highlights them without
 * markup in the text.
 */
public record Snippet(String text, List<Range> highlights) {

  /** Marks a match's start and end in what the databases return (never kept in the text). */
  static final char START = '\u0001';
  static final char END = '\u0002';

  public Snippet {
    requireNonNull(text, "text");
    highlights = List.copyOf(highlights);
  }

  /** A highlighted range. */
  public record Range(int start, int end) {
    public Range {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("range: [" + start + ", " + end + ")");
      }
    }
  }

  /**
   * Reads text with {@link #START}/{@link #END} marks around matches. The marks come from the database;
   * the same characters in a message itself are dropped too (the text is for display only).
   */
  static Snippet fromMarked(String marked) {
    StringBuilder text = new StringBuilder(marked == null ? 0 : marked.length());
    List<Range> ranges = new ArrayList<>();
    int open = -1;
    if (marked != null) {
      for (int i = 0; i < marked.length(); i++) {
        char ch = marked.charAt(i);
        if (ch == START) {
          open = text.length();
        } else if (ch == END) {
          if (open >= 0 && open < text.length()) {
            ranges.add(new Range(open, text.length()));
          }
          open = -1;
        } else {
          text.append(ch);
        }
      }
    }
    return new Snippet(text.toString(), ranges);
  }
}
