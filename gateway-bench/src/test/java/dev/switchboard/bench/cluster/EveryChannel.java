package dev.switchboard.bench.cluster;

import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.chat.CrashVisitor;
import dev.switchboard.bench.cluster.BenchCluster.Node;
import dev.switchboard.bench.crash.CrashStore;
import dev.switchboard.bench.crash.DeskAgent;
import dev.switchboard.bench.email.CrashMailers;
import dev.switchboard.bench.sms.CrashTexters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Customers on every channel and the agents answering them, spread over a cluster's nodes: phones
 * posting signed webhooks to one node, mail providers posting raw MIME to another (and every third mail
 * in the IMAP mailbox the leader reads), chat visitors and desk agents on every node. Each party remembers
 * its node; {@link #leave} moves whoever was on a dead node to a live one, where it resumes with the same
 * keys (MessageSid, Message-ID, client ids) and {@code resumeAfter}.
 */
final class EveryChannel {

  final CrashTexters texters;
  final CrashMailers mailers;
  final List<CrashVisitor> visitors;
  final List<DeskAgent> agents;
  private final Map<Party, Node> placed = new LinkedHashMap<>();
  private final Party texting;
  private final Party mailing;

  /** One customer, sender or agent, as the cluster sees it: connected to one node at a time. */
  private interface Party {
    void join(GatewayProcess gateway) throws Exception;

    void leave() throws InterruptedException;

    /**
     * The node it is on lived through a kill: a desk, relayed to the leader from whichever node it is on,
     * was closed (4503) with its leader and opens itself again there, as the console does; wait for that.
     */
    default void stayed() throws Exception {}
  }

  EveryChannel(CrashTexters texters, CrashMailers mailers, List<CrashVisitor> visitors, List<DeskAgent> agents) {
    this.texters = texters;
    this.mailers = mailers;
    this.visitors = List.copyOf(visitors);
    this.agents = List.copyOf(agents);
    this.texting = party(texters::begin, texters::stop);
    this.mailing = party(mailers::begin, mailers::stop);
  }

  private interface Join {
    void join(GatewayProcess gateway) throws Exception;
  }

  private interface Leave {
    void leave() throws InterruptedException;
  }

  private static Party party(Join join, Leave leave) {
    return new Party() {
      @Override
      public void join(GatewayProcess gateway) throws Exception {
        join.join(gateway);
      }

      @Override
      public void leave() throws InterruptedException {
        leave.leave();
      }
    };
  }

  private static Party desk(DeskAgent agent) {
    return new Party() {
      @Override
      public void join(GatewayProcess gateway) throws Exception {
        agent.connect(gateway);
      }

      @Override
      public void leave() {
        agent.disconnect();
      }

      @Override
      public void stayed() throws Exception {
        agent.awaitSignedIn();
      }
    };
  }

  /**
   * Agents first (one per node, round robin), then visitors (round robin), texts to {@code nodes[0]}, mail to
   * {@code nodes[2]}.
   */
  void begin(List<Node> nodes) throws Exception {
    for (int i = 0; i < agents.size(); i++) {
      place(desk(agents.get(i)), nodes.get(i % nodes.size()));
    }
    for (int i = 0; i < visitors.size(); i++) {
      CrashVisitor v = visitors.get(i);
      place(party(v::connect, v::disconnect), nodes.get(i % nodes.size()));
    }
    place(texting, nodes.get(0));
    place(mailing, nodes.get(nodes.size() - 1));
  }

  /**
   * {@code dead} is gone: every party that was on it moves to {@code to}; desks relayed through the
   * others sign in again where they are by themselves (the leader they were relayed to is gone), and this
   * waits for them.
   */
  void leave(Node dead, Node to) throws Exception {
    for (Map.Entry<Party, Node> e : new ArrayList<>(placed.entrySet())) {
      Party party = e.getKey();
      if (e.getValue() == dead) {
        party.leave();
        place(party, to);
      } else {
        party.stayed();
      }
    }
  }

  /** Sends nothing new; what was never acknowledged is sent again, on the node each party is on. */
  void stopWriting() throws Exception {
    texters.stopWriting();
    mailers.stopWriting();
    visitors.forEach(CrashVisitor::stopWriting);
    // Senders' threads end at a refusal; started again, they send what is left.
    for (Party sender : List.of(texting, mailing)) {
      sender.leave();
      place(sender, placed.get(sender));
    }
  }

  void stop() throws InterruptedException {
    for (Party party : placed.keySet()) {
      party.leave();
    }
  }

  /** Acknowledgements so far, on every channel, inbound and replies. */
  long progress() {
    return texters.acknowledged().size() + mailers.acknowledged().size()
        + visitors.stream().mapToLong(v -> v.acknowledged().size()).sum()
        + agents.stream().mapToLong(a -> a.acknowledged().size()).sum();
  }

  /** Inbound acknowledged per channel, and replies: each above zero means every channel moved. */
  Map<String, Long> progressByKind() {
    return Map.of("texts", (long) texters.acknowledged().size(), "posted mails", (long) mailers.acknowledged().size(),
        "chat messages", visitors.stream().mapToLong(v -> v.acknowledged().size()).sum(),
        "replies", agents.stream().mapToLong(a -> a.acknowledged().size()).sum());
  }

  /** What must reach zero before the run is settled, by name. */
  Map<String, Long> pending(CrashStore store) throws Exception {
    Map<String, Long> pending = new LinkedHashMap<>();
    pending.put("unacknowledged texts", (long) texters.unacknowledged());
    pending.put("unacknowledged posts", (long) mailers.unacknowledged());
    pending.put("unacknowledged chat messages", (long) visitors.stream().mapToInt(CrashVisitor::unacknowledged).sum());
    pending.put("unacknowledged replies", (long) agents.stream().mapToInt(DeskAgent::unacknowledged).sum());
    pending.put("outbox entries", store.outbox());
    Set<String> storedMail = store.messages("EMAIL", "IN").stream().map(CrashStore.Row::externalId)
        .collect(Collectors.toSet());
    pending.put("mailbox mails not stored", mailers.delivered().stream().filter(id -> !storedMail.contains(id)).count());
    Set<String> answered = repliesAcknowledged().keySet();
    long unanswered = 0;
    for (String channel : List.of("SMS", "EMAIL", "CHAT")) {
      unanswered += store.messages(channel, "IN").stream().filter(m -> !answered.contains("re-" + m.id())).count();
    }
    pending.put("stored messages no agent answered", unanswered);
    Set<String> seen = visitors.stream().flatMap(v -> v.repliesSeen().stream()).collect(Collectors.toSet());
    pending.put("chat replies no visitor got", store.messages("CHAT", "OUT").stream()
        .filter(r -> !seen.contains(r.id())).count());
    return pending;
  }

  /** Every agent's acknowledged replies: client id to message id. */
  Map<String, String> repliesAcknowledged() {
    Map<String, String> all = new LinkedHashMap<>();
    agents.forEach(a -> all.putAll(a.acknowledged()));
    return all;
  }

  private void place(Party party, Node node) throws Exception {
    party.join(node.process());
    placed.put(party, node);
  }
}
