package dev.switchboard.config;

import java.util.regex.Pattern;

/** Builds and splits key paths such as {@code routing.rules[2].when["contact.plan"]}. */
final class ConfigPath {

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private ConfigPath() {}

  static String key(String parent, String key) {
    if (!SIMPLE_KEY.matcher(key).matches()) {
      return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  static String parent(String path) {
    if (path.endsWith("]")) {
      int open = path.endsWith("\"]") ? path.lastIndexOf("[\"") : path.lastIndexOf('[');
      return path.substring(0, Math.max(0, open));
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }
}
