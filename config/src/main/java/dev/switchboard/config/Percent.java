package dev.switchboard.config;

/** A fraction written as a percentage in the config: {@code 80%} is {@code 0.8}. */
public record Percent(double fraction) {

  public Percent {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction: " + fraction + " (expected: 0..1)");
    }
  }

  /** Parses {@code 80%}; throws {@link IllegalArgumentException} for anything else. */
  public static Percent parse(String text) {
    String t = text.trim();
    if (!t.matches("\\d{1,3}(\\.\\d+)?%")) {
      throw new IllegalArgumentException("expected a percentage like 80%, got \"" + text + "\"");
    }
    double v = Double.parseDouble(t.substring(0, t.length() - 1));
    if (v > 100) {
      throw new IllegalArgumentException("expected a percentage from 0% to 100%, got \"" + text + "\"");
    }
    return new Percent(v / 100);
  }

  /** {@code 80%}, {@code 12.5%}: as it would be written. */
  @Override
  public String toString() {
    return java.math.BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString() + "%";
  }
}
