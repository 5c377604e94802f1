package dev.switchboard.bench.crash;

import static java.util.Objects.requireNonNull;

import dev.switchboard.bench.GatewayProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The traffic of a channel whose customers post to the gateway (mail, SMS webhooks) while one desk agent
 * answers: customers and agent start with each process and stop at each kill; settling stops new sends,
 * reconnects, and waits until every post and reply is acknowledged and whatever the channel adds to
 * {@link #pending} is done.
 */
public abstract class SendersAndAgent implements KillCycles.Traffic {

  /** The customers' side: threads that post, and send again what was never acknowledged. */
  public interface Senders {

    /** Starts sending to the gateway just started; returns at once. */
    void begin(GatewayProcess gateway) throws Exception;

    /** What the gateway acknowledged: the customer's key to the gateway's answer. */
    Map<String, String> acknowledged();

    int unacknowledged();

    /** Stops the threads; unacknowledged sends are kept. */
    void stop() throws InterruptedException;

    /** From now on only sends again what was never acknowledged. */
    void stopWriting();
  }

  private final String sends;
  private final Senders senders;
  private final DeskAgent agent;

  /** {@code sends}: what the senders send, as the pending count names it ("posts", "texts"). */
  protected SendersAndAgent(String sends, Senders senders, DeskAgent agent) {
    this.sends = requireNonNull(sends, "sends");
    this.senders = requireNonNull(senders, "senders");
    this.agent = requireNonNull(agent, "agent");
  }

  @Override
  public void begin(GatewayProcess gateway) throws Exception {
    agent.connect(gateway);
    senders.begin(gateway);
  }

  @Override
  public long progress() {
    return senders.acknowledged().size() + agent.acknowledged().size();
  }

  @Override
  public void killed() {
    agent.disconnect();
    try {
      senders.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void settle(GatewayProcess gateway, Duration timeout) throws Exception {
    senders.stopWriting();
    begin(gateway);
    KillCycles.awaitSettled(timeout, () -> {
      Map<String, Long> pending = new LinkedHashMap<>();
      pending.put("unacknowledged " + sends, (long) senders.unacknowledged());
      pending.put("unacknowledged replies", (long) agent.unacknowledged());
      pending.putAll(pending());
      return pending;
    });
    killed();
    settled(gateway);
  }

  /** What else must reach zero before the run is settled, by name. */
  protected abstract Map<String, Long> pending() throws Exception;

  /** Runs once everything is settled and the traffic stopped, with the gateway still up. */
  protected void settled(GatewayProcess gateway) throws Exception {}
}
