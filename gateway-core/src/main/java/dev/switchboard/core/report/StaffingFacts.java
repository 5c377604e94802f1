package dev.switchboard.core.report;

import java.util.List;

/**
 * What the staffing report is made from: conversations opened in the range counted per UTC hour of the week
 * (0 is Monday 00:00-01:00), channel and tier, with the time agents held them; and the stretches agents
 * could take work, clipped to the range (and to {@code asOf} for a stretch still open).
 */
public record StaffingFacts(List<Arrivals> arrivals, List<Presence> presence) {

  public StaffingFacts {
    arrivals = List.copyOf(arrivals);
    presence = List.copyOf(presence);
  }

  /** Conversations of one channel and tier opened in one hour of the week, and the time agents held them. */
  public record Arrivals(int hourOfWeek, String channel, String tier, long conversations, long handled,
      long handledMillis) {}

  /** A stretch of time, in epoch milliseconds, during which an agent could take work. */
  public record Presence(String agent, long from, long until) {}
}
