package dev.switchboard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of {@code routing}: tier names (unique, and known for the rest of the config to refer to),
 * the schedules tiers name, the rules' tiers and conditions, the warning threshold and escalation steps.
 */
final class RoutingValidator {

  static final List<String> RULE_KEYS = List.of("channel", "contact.<attribute>", "subject", "text", "businessHours");

  private final Diagnostics d;

  RoutingValidator(Diagnostics diagnostics) {
    this.d = diagnostics;
  }

  /** Checks routing and returns the tier names, or {@code null} when they are not known reliably. */
  List<String> validate(RoutingConfig routing) {
    String p = d.pathOf(routing, "routing");
    String tp = p + ".tiers";
    // A tier the file wrote but that could not be read would make every reference to it look unknown.
    boolean tiersReliable = !d.hasProblem(path -> path.equals(p) || path.equals(tp)
        || path.startsWith(tp + "[") && (path.endsWith("]") || path.endsWith(".name")));
    if (routing.tiers().isEmpty()) {
      d.report(tp, "at least one tier is needed");
    }
    Map<String, String> tierPaths = new LinkedHashMap<>();
    for (TierConfig tier : routing.tiers()) {
      String path = d.pathOf(tier, tp);
      if (tier.name() == null) {
        continue;
      }
      if (tier.name().isBlank()) {
        d.report(path + ".name", "tier name is blank");
      } else if (tierPaths.containsKey(tier.name())) {
        d.report(path + ".name", "duplicate tier name `" + tier.name() + "` (also " + tierPaths.get(tier.name()) + ")");
      } else {
        tierPaths.put(tier.name(), path);
      }
    }
    List<String> tiers = tiersReliable ? List.copyOf(tierPaths.keySet()) : null;
    for (TierConfig tier : routing.tiers()) {
      schedule(tier.businessHours(), d.pathOf(tier, tp) + ".businessHours", p + ".schedules", routing.schedules());
    }
    for (int i = 0; i < routing.rules().size(); i++) {
      RuleConfig rule = routing.rules().get(i);
      rule(rule, d.pathOf(rule, ConfigPath.index(p + ".rules", i)), tiers, routing.businessHours() != null);
    }
    Percent warnAt = routing.warnAt();
    if (warnAt != null && (warnAt.fraction() <= 0 || warnAt.fraction() >= 1)) {
      d.report(p + ".warnAt", "expected a percentage above 0% and below 100%, like 80%, got " + warnAt);
    }
    for (int i = 0; i < routing.escalation().size(); i++) {
      EscalationConfig step = routing.escalation().get(i);
      String path = d.pathOf(step, ConfigPath.index(p + ".escalation", i));
      if (step.promote() < 0) {
        d.report(path + ".promote", "expected 0 or more tiers to promote by, got " + step.promote());
      } else if (step.promote() == 0 && !step.widen()) {
        d.report(path, "this step does nothing: set promote to 1 or more, or widen: true");
      }
    }
    return tiers;
  }

  /** A tier's {@code businessHours} names a schedule of {@code routing.schedules}. */
  private void schedule(String name, String path, String schedulesPath, Map<String, BusinessHoursConfig> schedules) {
    // A schedule written but not bindable is reported where it is; naming it is no second problem.
    if (name == null || schedules.containsKey(name) || d.isWritten(ConfigPath.key(schedulesPath, name))) {
      return;
    }
    List<String> names = List.copyOf(schedules.keySet());
    d.report(path, "unknown schedule `" + name + "`, " + (names.isEmpty()
        ? "define it under routing.schedules"
        : Spelling.closest(name, names).map(n -> "did you mean `" + n + "`?")
            .orElseGet(() -> "schedules are: " + String.join(", ", names.stream().sorted().toList()))));
  }

  private void rule(RuleConfig rule, String path, List<String> tiers, boolean hasBusinessHours) {
    if (rule.tier() != null && tiers != null && !tiers.contains(rule.tier())) {
      d.report(path + ".tier", unknownTier(rule.tier(), tiers));
    }
    for (Map.Entry<String, String> condition : rule.when().entrySet()) {
      String key = condition.getKey();
      String value = condition.getValue();
      String cp = ConfigPath.key(path + ".when", key);
      switch (key) {
        case "channel" -> {
          // One channel or several: "sms", "sms, chat" or "sms|chat".
          for (String channel : value.toLowerCase(Locale.ROOT).split("\\s*[,|]\\s*", -1)) {
            if (!ConfigValidator.CHANNELS.contains(channel)) {
              d.report(cp, "unknown channel \"" + channel + "\", expected one of: "
                  + String.join(", ", ConfigValidator.CHANNELS));
            }
          }
        }
        case "subject", "text" -> {
          try {
            Pattern.compile(value);
          } catch (PatternSyntaxException e) {
            d.report(cp, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
          }
        }
        case "businessHours" -> {
          if (!value.equalsIgnoreCase("open") && !value.equalsIgnoreCase("closed")) {
            d.report(cp, "expected open or closed, got \"" + value + "\"");
          } else if (!hasBusinessHours) {
            d.report(cp, "a businessHours condition needs routing.businessHours to be set");
          }
        }
        default -> {
          if (!key.startsWith("contact.") || key.length() == "contact.".length()) {
            d.report(cp, "unknown condition, " + Spelling.closest(key, List.of("channel", "subject", "text", "businessHours"))
                .map(k -> "did you mean `" + k + "`?")
                .orElseGet(() -> "expected one of: " + String.join(", ", RULE_KEYS)));
          }
        }
      }
    }
  }

  /** The problem with a reference to a tier not defined, with a "did you mean" when one is close. */
  static String unknownTier(String tier, List<String> tiers) {
    return "unknown tier `" + tier + "`, " + Spelling.closest(tier, tiers)
        .map(t -> "did you mean `" + t + "`?")
        .orElseGet(() -> "tiers are: " + String.join(", ", tiers));
  }

}
