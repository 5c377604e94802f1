package dev.switchboard.channel.email;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML from mail, made safe for the agent console (jsoup's relaxed {@link Safelist}: no scripts, styles,
 * event handlers or {@code javascript:} links) and turned into plain text, where quoted blocks
 * ({@code <blockquote>}) become {@code >}-prefixed lines so the reply trimmer can find them. Linear in the
 * HTML: nesting is capped before jsoup parses ({@link HtmlNesting}) and quote marks per line are capped.
 */
final class HtmlText {

  private static final Safelist SAFE = Safelist.relaxed()
      .addProtocols("img", "src", "cid")
      .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");

  private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
      "table", "tr", "pre", "blockquote", "hr", "address", "section", "article", "header", "footer", "dl", "dt", "dd");
  private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre",
      "blockquote", "ul", "ol");
  /** Quote levels written as {@code >} marks; deeper quotes get no more (a mark per level per line would be quadratic). */
  static final int MAX_QUOTE_MARKS = 20;

  private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "template", "noscript");

  private HtmlText() {}

  static String sanitize(String html) {
    return Jsoup.clean(HtmlNesting.limit(html), "", SAFE, new Document.OutputSettings().prettyPrint(false));
  }

  static String toText(String html) {
    Document doc = Jsoup.parse(HtmlNesting.limit(html));
    Writer writer = new Writer();
    NodeTraversor.traverse(writer, doc.body() == null ? doc : doc.body());
    return writer.text();
  }

  private static final class Writer implements NodeVisitor {
    private final StringBuilder out = new StringBuilder();
    private int quoteDepth;
    private int skipDepth;
    private int preDepth;
    private boolean atLineStart = true;
    private boolean pendingSpace;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof Element e) {
        String tag = e.normalName();
        if (SKIPPED.contains(tag)) {
          skipDepth++;
        } else if (skipDepth == 0) {
          if (tag.equals("br")) {
            out.append('\n');
            atLineStart = true;
            pendingSpace = false;
          } else if (BLOCKS.contains(tag)) {
            endLine();
            if (tag.equals("li")) {
              write("- ");
            }
          } else if (tag.equals("td") || tag.equals("th")) {
            pendingSpace = true;
          }
          if (tag.equals("blockquote")) {
            quoteDepth++;
          }
          if (tag.equals("pre")) {
            preDepth++;
          }
        }
      } else if (node instanceof TextNode t && skipDepth == 0) {
        String text = preDepth > 0 ? t.getWholeText() : t.text();
        if (preDepth > 0) {
          String[] lines = text.split("\n", -1);
          for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
              out.append('\n');
              atLineStart = true;
            }
            write(lines[i]);
          }
        } else if (!text.isBlank()) {
          if (Character.isWhitespace(t.getWholeText().charAt(0))) {
            pendingSpace = true;
          }
          write(text.strip());
          String whole = t.getWholeText();
          pendingSpace = Character.isWhitespace(whole.charAt(whole.length() - 1));
        } else if (!t.getWholeText().isEmpty()) {
          pendingSpace = true;
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        String tag = e.normalName();
        if (SKIPPED.contains(tag)) {
          skipDepth--;
        } else if (skipDepth == 0) {
          if (BLOCKS.contains(tag)) {
            endLine();
          }
          if (PARAGRAPHS.contains(tag)) {
            blankLine();
          }
          if (tag.equals("blockquote")) {
            quoteDepth--;
          }
          if (tag.equals("pre")) {
            preDepth--;
          }
        }
      }
    }

    private void write(String s) {
      if (s.isEmpty()) {
        return;
      }
      if (atLineStart) {
        if (quoteDepth > 0) {
          out.append(">".repeat(Math.min(quoteDepth, MAX_QUOTE_MARKS))).append(' ');
        }
        atLineStart = false;
      } else if (pendingSpace) {
        out.append(' ');
      }
      pendingSpace = false;
      out.append(s);
    }

    private void endLine() {
      if (!atLineStart) {
        out.append('\n');
        atLineStart = true;
      }
      pendingSpace = false;
    }

    private void blankLine() {
      if (out.length() > 0 && !endsWithBlankLine()) {
        out.append('\n');
      }
    }

    private boolean endsWithBlankLine() {
      int n = out.length();
      return n >= 2 && out.charAt(n - 1) == '\n' && out.charAt(n - 2) == '\n';
    }

    String text() {
      return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
  }
}
