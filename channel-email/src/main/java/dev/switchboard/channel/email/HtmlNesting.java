package dev.switchboard.channel.email;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Caps how deep a mail's HTML nests before jsoup parses it: jsoup's tree building searches the open
 * elements for every tag, so tens of thousands of nested {@code <blockquote>} or {@code <table>} cost
 * minutes. One pass over the text counts the open elements (start tags less their own end tags; void
 * elements and the ones HTML closes by itself, such as {@code <p>} and {@code <li>}, do not count) and
 * leaves out start tags past {@value #MAX_DEPTH} levels, keeping the text between them. Comments and the
 * raw text of {@code <script>}, {@code <style>} and the like are copied without looking for tags. The count
 * is an approximation of jsoup's; it only decides which tags are left out, and jsoup still sanitizes all.
 */
final class HtmlNesting {

  static final int MAX_DEPTH = 256;

  private static final Set<String> UNCOUNTED = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
      "link", "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
      "optgroup", "tbody", "thead", "tfoot", "colgroup", "rt", "rp", "html", "head", "body");
  private static final Set<String> RAW_TEXT = Set.of("script", "style", "textarea", "title", "xmp", "iframe",
      "noembed", "noframes", "noscript", "plaintext");

  private HtmlNesting() {}

  static String limit(String html) {
    StringBuilder out = new StringBuilder(html.length());
    Map<String, Integer> open = new HashMap<>();
    int depth = 0;
    int i = 0;
    int n = html.length();
    while (i < n) {
      int lt = html.indexOf('<', i);
      if (lt < 0) {
        out.append(html, i, n);
        break;
      }
      out.append(html, i, lt);
      if (html.startsWith("<!--", lt)) {
        int end = html.indexOf("-->", lt + 4);
        int stop = end < 0 ? n : end + 3;
        out.append(html, lt, stop);
        i = stop;
        continue;
      }
      boolean closing = lt + 1 < n && html.charAt(lt + 1) == '/';
      int nameStart = closing ? lt + 2 : lt + 1;
      int nameEnd = nameStart;
      while (nameEnd < n && (Character.isLetterOrDigit(html.charAt(nameEnd)) || html.charAt(nameEnd) == '-')) {
        nameEnd++;
      }
      if (nameEnd == nameStart || !Character.isLetter(html.charAt(nameStart))) {
        out.append('<');
        i = lt + 1;
        continue;
      }
      int gt = html.indexOf('>', nameEnd);
      int tagEnd = gt < 0 ? n : gt + 1;
      String name = html.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
      boolean counted = !UNCOUNTED.contains(name) && !(gt > 0 && html.charAt(gt - 1) == '/');
      if (closing) {
        Integer count = open.get(name);
        if (counted && count != null && count > 0) {
          open.put(name, count - 1);
          depth--;
        }
        out.append(html, lt, tagEnd);
        i = tagEnd;
        continue;
      }
      if (counted && depth >= MAX_DEPTH) {
        i = tagEnd; // left out; the text after it stays
        continue;
      }
      if (counted) {
        open.merge(name, 1, Integer::sum);
        depth++;
      }
      out.append(html, lt, tagEnd);
      i = tagEnd;
      if (RAW_TEXT.contains(name)) {
        int end = indexOfIgnoreCase(html, "</" + name, i);
        int stop = end < 0 ? n : end;
        out.append(html, i, stop);
        i = stop;
      }
    }
    return out.toString();
  }

  private static int indexOfIgnoreCase(String text, String needle, int from) {
    for (int i = text.indexOf('<', from); i >= 0; i = text.indexOf('<', i + 1)) {
      if (text.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }
}
