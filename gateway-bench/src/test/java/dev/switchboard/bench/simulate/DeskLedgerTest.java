package dev.switchboard.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import org.junit.jupiter.api.Test;

class DeskLedgerTest {

  private final DeskLedger ledger = new DeskLedger(Workload.supportDay(), new boolean[] {true, false});

  @Test
  void countsAnIdleAgentWithRoomWhileWorkForThatChannelWaits() {
    ledger.shiftStarts(1);
    ledger.queued(Channel.SMS, false);
    ledger.check();

    assertThat(ledger.idleWhileWaiting()).isEqualTo(1);
  }

  @Test
  void anAgentWithoutTheSkillIsNotIdleForSkilledWork() {
    ledger.shiftStarts(1);
    ledger.queued(Channel.SMS, true);
    ledger.check();

    assertThat(ledger.idleWhileWaiting()).isZero();
  }

  @Test
  void anAgentFullOnOneChannelMayStillBeIdleForAnother() {
    ledger.shiftStarts(0);
    ledger.queued(Channel.CHAT, false);
    ledger.assigned(0, Channel.CHAT, false);
    ledger.queued(Channel.CHAT, false);
    ledger.check();
    assertThat(ledger.idleWhileWaiting()).isZero();

    ledger.queued(Channel.EMAIL, true);
    ledger.check();
    assertThat(ledger.idleWhileWaiting()).isEqualTo(1);
  }

  @Test
  void countsASecondConversationBeyondACapacityOfOne() {
    ledger.shiftStarts(0);
    ledger.queued(Channel.CHAT, false);
    ledger.queued(Channel.CHAT, false);
    ledger.assigned(0, Channel.CHAT, false);
    ledger.assigned(0, Channel.CHAT, false);

    assertThat(ledger.capacityExceeded()).isEqualTo(1);
  }

  @Test
  void countsWorkGivenToAnAgentOffDutyOrWithoutTheSkill() {
    ledger.queued(Channel.CHAT, false);
    ledger.assigned(0, Channel.CHAT, false);
    ledger.shiftStarts(1);
    ledger.queued(Channel.SMS, true);
    ledger.assigned(1, Channel.SMS, true);

    assertThat(ledger.ineligible()).isEqualTo(2);
  }

  @Test
  void anAgentWhoseShiftEndedNoLongerCountsAsIdle() {
    ledger.shiftStarts(1);
    ledger.shiftEnds(1);
    ledger.queued(Channel.CHAT, false);
    ledger.check();

    assertThat(ledger.idleWhileWaiting()).isZero();
    assertThat(ledger.slotsOnDuty()).isZero();
  }
}
