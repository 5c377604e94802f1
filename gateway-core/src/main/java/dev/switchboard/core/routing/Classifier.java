package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.RuleConfig;
import dev.switchboard.core.model.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Picks a conversation's tier and skills by the configured rules: the first rule whose every condition
 * holds wins; with none, the lowest tier and no skills.
 */
final class Classifier {

  /** What the rules look at. {@code attributes} are the contact's, directory first, then stored ones. */
  record Subject(Channel channel, Map<String, String> attributes, String subject, String text, Instant at) {}

  private record Rule(List<Predicate<Subject>> conditions, String tier, List<String> skills) {}

  private final List<Rule> rules = new ArrayList<>();
  private final Tiers tiers;
  private final BusinessHours hours;

  Classifier(List<RuleConfig> rules, Tiers tiers, BusinessHours hours) {
    this.tiers = requireNonNull(tiers, "tiers");
    this.hours = requireNonNull(hours, "hours");
    for (int i = 0; i < rules.size(); i++) {
      RuleConfig r = rules.get(i);
      String tier = r.tier() == null ? tiers.lowest() : r.tier();
      if (!tiers.contains(tier)) {
        throw new IllegalArgumentException("routing.rules[" + i + "].tier: unknown tier `" + tier + "`");
      }
      List<Predicate<Subject>> conditions = new ArrayList<>();
      for (Map.Entry<String, String> e : r.when().entrySet()) {
        conditions.add(condition("routing.rules[" + i + "].when." + e.getKey(), e.getKey(), e.getValue()));
      }
      this.rules.add(new Rule(List.copyOf(conditions), tier, r.skills()));
    }
  }

  Classification classify(Subject s) {
    boolean open = hours.isOpen(s.at());
    for (Rule r : rules) {
      if (r.conditions().stream().allMatch(c -> c.test(s))) {
        return new Classification(r.tier(), r.skills(), open);
      }
    }
    return new Classification(tiers.lowest(), List.of(), open);
  }

  private Predicate<Subject> condition(String path, String key, String value) {
    requireNonNull(value, path);
    if (key.equals("channel")) {
      List<String> channels = List.of(value.toLowerCase(Locale.ROOT).split("\\s*[,|]\\s*"));
      return s -> channels.contains(s.channel().key());
    }
    if (key.startsWith("contact.")) {
      String attribute = key.substring("contact.".length());
      return s -> value.equalsIgnoreCase(s.attributes().getOrDefault(attribute, ""));
    }
    if (key.equals("subject") || key.equals("text")) {
      Pattern p = compile(path, value);
      return key.equals("subject")
          ? s -> s.subject() != null && p.matcher(s.subject()).find()
          : s -> s.text() != null && p.matcher(s.text()).find();
    }
    if (key.equals("businessHours")) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "open" -> s -> hours.isOpen(s.at());
        case "closed" -> s -> !hours.isOpen(s.at());
        default -> throw new IllegalArgumentException(path + ": expected open or closed, got `" + value + "`");
      };
    }
    throw new IllegalArgumentException(
        path + ": unknown condition (expected: channel, contact.<attribute>, subject, text, businessHours)");
  }

  private static Pattern compile(String path, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(path + ": not a regular expression: " + e.getDescription(), e);
    }
  }
}
