package dev.switchboard.core.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a person typed into a search box, as words that every one must match; the last also matches as a
 * prefix when it has {@value #MIN_PREFIX} characters or more (so a word being typed finds). The text is
 * never handed to a database's query syntax as it is: each word becomes a quoted phrase of FTS5 or a
 * quoted lexeme of a {@code tsquery}, with the quoting characters escaped, so no input is a syntax error
 * or an operator ({@code OR}, {@code NOT}, {@code -}, {@code *}, {@code :}, parentheses are just text).
 * Control characters are dropped (PostgreSQL refuses NUL in text), and a word with no letter or digit is
 * left out (it could match nothing).
 */
public final class SearchTerms {

  /** The longest query accepted, in characters. */
  public static final int MAX_LENGTH = 200;
  static final int MIN_PREFIX = 3;

  private final String text;
  private final List<String> words;

  private SearchTerms(String text, List<String> words) {
    this.text = text;
    this.words = words;
  }

  /**
   * Reads a query; {@link IllegalArgumentException} when it is longer than {@value #MAX_LENGTH}
   * characters. A query with no words is allowed and finds nothing ({@link #isEmpty}).
   */
  public static SearchTerms parse(String query) {
    String q = query == null ? "" : query;
    if (q.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("query longer than " + MAX_LENGTH + " characters");
    }
    Set<String> words = new LinkedHashSet<>();
    for (String w : q.replaceAll("\\p{Cntrl}", " ").strip().split("\\s+")) {
      if (w.codePoints().anyMatch(Character::isLetterOrDigit)) {
        words.add(w);
      }
    }
    return new SearchTerms(q.strip(), List.copyOf(words));
  }

  /** The query as typed (stripped). */
  public String text() {
    return text;
  }

  public List<String> words() {
    return words;
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  private boolean prefix(int i) {
    return i == words.size() - 1 && words.get(i).length() >= MIN_PREFIX;
  }

  /**
   * An FTS5 query: each word a phrase in double quotes ({@code "} doubled inside), which the table's
   * tokenizer splits as it split the text; the last with {@code *} when it may be a prefix. Juxtaposed
   * phrases must all match.
   */
  String fts5() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      out.add('"' + words.get(i).replace("\"", "\"\"") + '"' + (prefix(i) ? "*" : ""));
    }
    return String.join(" ", out);
  }

  /**
   * A {@code to_tsquery} input: each word a lexeme in single quotes ({@code '} doubled and {@code \}
   * escaped inside), which the parser splits as it split the text; the last with {@code :*} when it may
   * be a prefix; joined by {@code &}.
   */
  String tsquery() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).replace("\\", "\\\\").replace("'", "''");
      out.add("'" + w + "'" + (prefix(i) ? ":*" : ""));
    }
    return String.join(" & ", out);
  }

  @Override
  public String toString() {
    return text;
  }
}
