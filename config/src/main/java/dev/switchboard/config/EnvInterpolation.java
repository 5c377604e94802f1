package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a scalar with the environment's values;
 * {@code $${} writes a literal {@code ${}. As in a shell, the default also replaces an empty value.
 * Values never appear in problems: they may be secrets.
 */
final class EnvInterpolation {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}|\\$\\{");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The scalar after substitution, or the problems that stopped it. */
  record Result(String value, boolean substituted, List<String> problems) {}

  private final Map<String, String> env;

  EnvInterpolation(Map<String, String> env) {
    this.env = env;
  }

  Result resolve(String text) {
    if (text.indexOf('$') < 0) {
      return new Result(text, false, List.of());
    }
    List<String> problems = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    boolean substituted = false;
    Matcher m = REFERENCE.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      last = m.end();
      String match = m.group();
      if (match.equals("$${")) {
        out.append("${");
        continue;
      }
      if (m.group(1) == null) {
        problems.add("unterminated ${ in value; write ${NAME} or ${NAME:-default}");
        continue;
      }
      String body = m.group(1);
      int dash = body.indexOf(":-");
      String name = dash < 0 ? body : body.substring(0, dash);
      if (!NAME.matcher(name).matches()) {
        problems.add("bad environment variable reference ${" + body + "}; write ${NAME} or ${NAME:-default}");
        continue;
      }
      String value = env.get(name);
      if ((value == null || value.isEmpty()) && dash >= 0) {
        value = body.substring(dash + 2);
      }
      if (value == null) {
        problems.add("environment variable " + name + " is not set (or write ${" + name + ":-default})");
        continue;
      }
      out.append(value);
      substituted = true;
    }
    out.append(text, last, text.length());
    return new Result(out.toString(), substituted, problems);
  }
}
