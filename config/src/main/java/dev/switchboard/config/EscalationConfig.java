package dev.switchboard.config;

/**
 * When a waiting conversation has used {@code at} of its first-response target: {@code promote} it by
 * that many tiers, and/or {@code widen} the agents it may go to (any tier, skills dropped).
 */
public record EscalationConfig(@Required Percent at, Integer promote, Boolean widen) {

  public EscalationConfig {
    promote = promote == null ? 0 : promote;
    widen = widen == null ? Boolean.FALSE : widen;
  }
}
