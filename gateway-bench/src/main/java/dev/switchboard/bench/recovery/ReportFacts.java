package dev.switchboard.bench.recovery;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * What the reports read of a resolved conversation, made up deterministically from its index: a tier (one in
 * ten vip, six standard, three basic, with the sample file's 2m/15m/4h first-response targets), a channel in
 * turn, one of 50 agents, a first response after an exponential wait with a mean of half the target (so
 * about 86 % in time), up to two next responses (one in five late), and a resolution 5 to 65 minutes after
 * the first response, assigned from up to a minute before the first response until resolved.
 */
public record ReportFacts(String tier, String channel, String agent, long firstResponseTarget, long firstRespondedAt,
    int nextResponses, int nextResponsesLate, long resolvedAt, long handledMs) {

  static final String UPDATE = "UPDATE conversations SET tier = ?, channel = ?, last_agent = ?, "
      + "first_response_target = ?, first_responded_at = ?, next_responses = ?, next_responses_late = ?, "
      + "resolved_at = ?, handled_ms = ?, updated_at = ? WHERE id = ?";

  private static final String[] CHANNELS = {"EMAIL", "SMS", "CHAT"};

  public static ReportFacts of(int i, long created) {
    SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
    int tierDraw = i % 10;
    String tier = tierDraw == 0 ? "vip" : tierDraw <= 6 ? "standard" : "basic";
    long target = switch (tier) {
      case "vip" -> 120_000L;
      case "standard" -> 900_000L;
      default -> 14_400_000L;
    };
    long wait = (long) (-Math.log(1 - random.nextDouble()) * target / 2);
    long responded = created + wait;
    int next = random.nextInt(3);
    int late = 0;
    for (int k = 0; k < next; k++) {
      late += random.nextInt(5) == 0 ? 1 : 0;
    }
    long resolved = responded + 300_000L + random.nextLong(3_600_000L);
    return new ReportFacts(tier, CHANNELS[i % 3], "agent-" + (i % 50), created + target, responded, next, late,
        resolved, resolved - responded + random.nextLong(60_000L));
  }

  void bind(PreparedStatement ps, String conversationId) throws SQLException {
    ps.setString(1, tier);
    ps.setString(2, channel);
    ps.setString(3, agent);
    ps.setLong(4, firstResponseTarget);
    ps.setLong(5, firstRespondedAt);
    ps.setInt(6, nextResponses);
    ps.setInt(7, nextResponsesLate);
    ps.setLong(8, resolvedAt);
    ps.setLong(9, handledMs);
    ps.setLong(10, resolvedAt);
    ps.setString(11, conversationId);
  }
}
