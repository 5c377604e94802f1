package dev.switchboard.bench.simulate;

import dev.switchboard.core.model.Channel;

/**
 * The simulator's own account of the desk, kept from the router's decisions and checked after every
 * event: no agent holds more than their capacity on a channel, and no on-duty agent with room (and the
 * skill, where needed) sits idle while a conversation they could take waits. Free agents are counted per
 * channel as seats change, so a check costs the same with ten or ten thousand waiting.
 */
final class DeskLedger {

  private static final int CHANNELS = Channel.values().length;

  private final int[] capacity = new int[CHANNELS];
  private final boolean[] skilled;
  private final boolean[] onDuty;
  private final int[][] held;
  /** Waiting conversations per channel: [channel][0] need no skill, [channel][1] need the skill. */
  private final int[][] waiting = new int[CHANNELS][2];
  private final int[] free = new int[CHANNELS];
  private final int[] freeSkilled = new int[CHANNELS];
  private int waitingTotal;
  private long heldOnDuty;
  private long slotsOnDuty;

  private long checks;
  private long capacityExceeded;
  private long idleWhileWaiting;
  private long ineligible;

  DeskLedger(Workload workload, boolean[] skilled) {
    for (Workload.ChannelMix c : workload.channels()) {
      capacity[c.channel().ordinal()] = c.capacity();
    }
    this.skilled = skilled.clone();
    this.onDuty = new boolean[skilled.length];
    this.held = new int[skilled.length][CHANNELS];
  }

  void shiftStarts(int agent) {
    seatChange(agent, () -> onDuty[agent] = true);
    for (int c = 0; c < CHANNELS; c++) {
      slotsOnDuty += capacity[c];
      heldOnDuty += held[agent][c];
    }
  }

  void shiftEnds(int agent) {
    seatChange(agent, () -> onDuty[agent] = false);
    for (int c = 0; c < CHANNELS; c++) {
      slotsOnDuty -= capacity[c];
      heldOnDuty -= held[agent][c];
    }
  }

  void queued(Channel channel, boolean needsSkill) {
    waiting[channel.ordinal()][needsSkill ? 1 : 0]++;
    waitingTotal++;
  }

  /** The agent took a waiting conversation: it leaves the queue and fills one of their slots. */
  void assigned(int agent, Channel channel, boolean needsSkill) {
    int c = channel.ordinal();
    waiting[c][needsSkill ? 1 : 0]--;
    waitingTotal--;
    if (!onDuty[agent] || (needsSkill && !skilled[agent])) {
      ineligible++;
    }
    seatChange(agent, () -> held[agent][c]++);
    if (onDuty[agent]) {
      heldOnDuty++;
    }
    if (held[agent][c] > capacity[c]) {
      capacityExceeded++;
    }
  }

  void released(int agent, Channel channel) {
    int c = channel.ordinal();
    seatChange(agent, () -> held[agent][c]--);
    if (onDuty[agent]) {
      heldOnDuty--;
    }
  }

  /** Checks, after an event has settled, that no eligible agent is idle while work waits. */
  void check() {
    checks++;
    for (int c = 0; c < CHANNELS; c++) {
      if ((waiting[c][0] > 0 && free[c] > 0) || (waiting[c][1] > 0 && freeSkilled[c] > 0)) {
        idleWhileWaiting++;
        return;
      }
    }
  }

  int waiting() {
    return waitingTotal;
  }

  long heldOnDuty() {
    return heldOnDuty;
  }

  long slotsOnDuty() {
    return slotsOnDuty;
  }

  long checks() {
    return checks;
  }

  long capacityExceeded() {
    return capacityExceeded;
  }

  long idleWhileWaiting() {
    return idleWhileWaiting;
  }

  /** Conversations given to an agent off duty or without the skill they need. */
  long ineligible() {
    return ineligible;
  }

  private void seatChange(int agent, Runnable change) {
    boolean[] before = new boolean[CHANNELS];
    for (int c = 0; c < CHANNELS; c++) {
      before[c] = hasRoom(agent, c);
    }
    change.run();
    for (int c = 0; c < CHANNELS; c++) {
      boolean after = hasRoom(agent, c);
      if (after != before[c]) {
        int delta = after ? 1 : -1;
        free[c] += delta;
        if (skilled[agent]) {
          freeSkilled[c] += delta;
        }
      }
    }
  }

  private boolean hasRoom(int agent, int c) {
    return onDuty[agent] && held[agent][c] < capacity[c];
  }
}
