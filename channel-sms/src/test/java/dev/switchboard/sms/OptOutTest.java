package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.OptOutState;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consent per pair of numbers, on a real SQLite store. */
class OptOutTest {

  private static final String OURS = TestConfigs.OUR_NUMBER;
  private static final String OTHER = TestConfigs.OTHER_NUMBER;
  private static final String CUSTOMER = TestConfigs.CUSTOMER;

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-11-24T10:00:00Z");
  private Stores stores;
  private OptOut optOut;

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, clock);
    optOut = new OptOut(stores.conversations(), clock);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private static OutboundMessage replyFrom(String ourNumber, Map<String, String> attributes) {
    return Outbound.reply(ThreadKey.of(ourNumber, CUSTOMER), CUSTOMER, "Hello", attributes);
  }

  private Optional<Delivery.Failed> refusal(String from, Map<String, String> attributes) throws Exception {
    return await(optOut.refusal(replyFrom(from, attributes), from));
  }

  private void record(String ours, boolean out, String at) throws Exception {
    await(stores.conversations().optOuts().record(Channel.SMS, CUSTOMER, ours, new OptOutState(out, Instant.parse(at))));
  }

  @Test
  void aStopToOneOfOurNumbersStopsRepliesFromThatNumberOnly() throws Exception {
    record(OURS, true, "2026-11-24T10:00:00Z");

    assertThat(refusal(OURS, Map.of())).hasValueSatisfying(f -> {
      assertThat(f.code()).isEqualTo("opted_out");
      assertThat(f.reason()).contains("STOP", "START", OURS);
    });
    assertThat(refusal(OTHER, Map.of())).isEmpty();
  }

  @Test
  void theContactWideOptOutOfEarlierVersionsStillHoldsWhereNoPairIsRecorded() throws Exception {
    Map<String, String> legacy = Map.of(OptOut.LEGACY_ATTRIBUTE, "true");
    record(OURS, false, "2026-11-24T10:00:00Z"); // they texted START to this number since

    assertThat(refusal(OTHER, legacy)).isPresent();
    assertThat(refusal(OURS, legacy)).isEmpty();
  }

  @Test
  void twentyOneSixTenFromTwilioOptsOutThePairItWasSentFrom() throws Exception {
    await(optOut.optedOutAtProvider(CUSTOMER, OTHER));

    assertThat(refusal(OTHER, Map.of())).isPresent();
    assertThat(refusal(OURS, Map.of())).isEmpty();
  }
}
