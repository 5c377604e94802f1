package dev.switchboard.config;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks of {@code cannedReplies}: unique ids, a text that is not empty, known placeholders, tiers and channels. */
final class CannedReplyValidator {

  /** A placeholder as the desk fills it in: a dotted name in braces, like {@code {contact.name}}. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

  private final Diagnostics d;

  CannedReplyValidator(Diagnostics diagnostics) {
    this.d = diagnostics;
  }

  /** {@code tiers} is {@code null} when the tier names could not be read reliably (no tier is then reported unknown). */
  void validate(List<CannedReplyConfig> replies, List<String> tiers) {
    Map<String, String> idPaths = new HashMap<>();
    for (int i = 0; i < replies.size(); i++) {
      CannedReplyConfig reply = replies.get(i);
      String p = d.pathOf(reply, ConfigPath.index("cannedReplies", i));
      if (reply.id() != null) {
        if (reply.id().isBlank()) {
          d.report(p + ".id", "canned reply id is blank");
        } else if (idPaths.putIfAbsent(reply.id(), p) != null) {
          d.report(p + ".id", "duplicate canned reply id `" + reply.id() + "` (also " + idPaths.get(reply.id()) + ")");
        }
      }
      if (reply.title() != null && reply.title().isBlank()) {
        d.report(p + ".title", "canned reply title is blank");
      }
      if (reply.text() != null) {
        text(reply.text(), p + ".text");
      }
      if (tiers != null) {
        for (int t = 0; t < reply.tiers().size(); t++) {
          String tier = reply.tiers().get(t);
          if (!tiers.contains(tier)) {
            d.report(ConfigPath.index(p + ".tiers", t), "unknown tier `" + tier + "`, " + Spelling.closest(tier, tiers)
                .map(n -> "did you mean `" + n + "`?").orElseGet(() -> "tiers are: " + String.join(", ", tiers)));
          }
        }
      }
      for (int c = 0; c < reply.channels().size(); c++) {
        String channel = reply.channels().get(c);
        if (!ConfigValidator.CHANNELS.contains(channel)) {
          d.report(ConfigPath.index(p + ".channels", c), "unknown channel `" + channel + "`, "
              + Spelling.hint(channel, ConfigValidator.CHANNELS));
        }
      }
    }
  }

  private void text(String text, String path) {
    if (text.isBlank()) {
      d.report(path, "canned reply text is empty");
      return;
    }
    Set<String> unknown = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!CannedReplyConfig.PLACEHOLDERS.contains(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    for (String name : unknown) {
      d.report(path, "unknown placeholder `{" + name + "}`, " + Spelling.closest(name, CannedReplyConfig.PLACEHOLDERS)
          .map(n -> "did you mean `{" + n + "}`?")
          .orElseGet(() -> "placeholders are: {" + String.join("}, {", CannedReplyConfig.PLACEHOLDERS) + "}"));
    }
  }
}
