package dev.switchboard.core.frames;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A desk that disconnects and comes back at random while frames are broadcast, sent to it alone or
 * pushed: what it has seen of the broadcasts is always all of them, once each, in order, and every seq
 * it sees is higher than the one before, across reconnects.
 */
class FrameLogProperties {

  enum Step { BROADCAST, SEND_TO_IT, PUSH, DISCONNECT, RECONNECT, TIME_PASSES }

  /** A client that keeps what a desk keeps: the broadcasts it knows and its last seq. */
  static final class Client implements FrameLog.Outlet {
    final List<Integer> known = new ArrayList<>();
    long lastSeq = Long.MIN_VALUE;
    boolean connected;

    @Override
    public void deliver(String encoded) {
      String[] parts = encoded.split("@");
      long seq = Long.parseLong(parts[1]);
      assertThat(seq).as("seq after %s", lastSeq).isGreaterThan(lastSeq);
      lastSeq = seq;
      if (parts[0].startsWith("state:")) { // the full state: every broadcast up to it
        known.clear();
        for (int i = 0; i < Integer.parseInt(parts[0].substring(6)); i++) {
          known.add(i);
        }
      } else if (parts[0].startsWith("b")) {
        known.add(Integer.parseInt(parts[0].substring(1)));
      }
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    return Arbitraries.of(Step.class).list().ofMaxSize(200);
  }

  @Property(tries = 300)
  void aClientThatComesBackKnowsEveryBroadcastOnceInOrder(@ForAll("steps") List<Step> steps,
      @ForAll @IntRange(min = 0, max = 8) int maxFrames) {
    MutableClock clock = MutableClock.startingAt("2026-03-02T10:00:00Z");
    FrameLog<String> log = new FrameLog<>((f, seq) -> f + "@" + seq,
        new FrameLog.Retention(maxFrames, Duration.ofMinutes(5)), clock);
    Client client = new Client();
    connectFresh(log, client, 0);
    int broadcasts = 0;
    int missed = 0;
    Instant firstMissedAt = null;

    for (Step step : steps) {
      switch (step) {
        case BROADCAST -> {
          log.broadcast("b" + broadcasts++, null);
          if (!client.connected && missed++ == 0) {
            firstMissedAt = clock.instant();
          }
        }
        case SEND_TO_IT -> {
          if (client.connected) {
            log.sendTo(client, "direct");
          }
        }
        case PUSH -> log.pushTransient("typing");
        case DISCONNECT -> {
          if (client.connected) {
            log.detach(client);
            client.connected = false;
            missed = 0;
          }
        }
        case RECONNECT -> {
          if (!client.connected) {
            boolean resumed = log.resume(client, List.of(), client.lastSeq);
            assertThat(resumed).as("resumable with %s missed of %s kept", missed, maxFrames)
                .isEqualTo(missed <= maxFrames
                    && (missed == 0 || !firstMissedAt.isBefore(clock.instant().minus(Duration.ofMinutes(5)))));
            if (resumed) {
              client.connected = true;
            } else {
              connectFresh(log, client, broadcasts);
            }
          }
        }
        case TIME_PASSES -> {
          clock.advance(Duration.ofMinutes(3));
        }
      }
      if (client.connected) {
        assertThat(client.known).hasSize(broadcasts);
        for (int i = 0; i < broadcasts; i++) {
          assertThat(client.known.get(i)).isEqualTo(i);
        }
      }
    }
  }

  private static void connectFresh(FrameLog<String> log, Client client, int broadcasts) {
    long mark = log.mark();
    assertThat(log.attach(client, List.of("state:" + broadcasts), mark)).isTrue();
    client.connected = true;
  }
}
