package dev.switchboard.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every channel promises at intake, written once (Apache James' {@code *Contract} style): a channel's
 * test implements {@link #deliver} the way its source delivers (a mail POSTed or read over IMAP, a signed
 * Twilio webhook, a visitor's websocket frame) and inherits these tests.
 *
 * <ul>
 *   <li>a retried delivery of the same message is acknowledged again and stored once;
 *   <li>the source is acknowledged only after the message is committed: at the moment it sees the
 *       acknowledgement, the row is already readable from another connection;
 *   <li>when the store fails, the source gets a refusal (no acknowledgement, a 503, an {@code error}
 *       frame) so that it retries, and the retry after recovery is stored once.
 * </ul>
 */
public interface ChannelAdapterContract {

  /** What the source was told about one delivery. */
  enum SourceAnswer {
    /** The channel's acknowledgement: 202/200, an {@code ack} frame, the mail flagged as read. */
    ACKNOWLEDGED,
    /** A refusal the source will retry: 503, an {@code error} frame, the mail left unread. */
    REFUSED
  }

  /**
   * Delivers one inbound message whose body is {@code text}, as the channel's source would; the same
   * {@code key} again is a retry of the same message (same Message-ID, MessageSid or clientId).
   */
  SourceAnswer deliver(String key, String text) throws Exception;

  /** The SQLite file the channel's gateway stores into. */
  Path database();

  @Test
  default void aRetriedDeliveryIsAcknowledgedAgainAndStoredOnce() throws Exception {
    String key = uniqueKey();
    String text = "retried " + key;

    assertThat(deliver(key, text)).isEqualTo(SourceAnswer.ACKNOWLEDGED);
    assertThat(deliver(key, text)).isEqualTo(SourceAnswer.ACKNOWLEDGED);

    try (StoreFault store = StoreFault.on(database())) {
      assertThat(store.inboundWithBody(text)).isEqualTo(1);
    }
  }

  @Test
  default void theSourceIsAcknowledgedOnlyAfterTheMessageIsCommitted() throws Exception {
    try (StoreFault store = StoreFault.on(database())) {
      for (int i = 0; i < 5; i++) {
        String key = uniqueKey();
        String text = "committed " + key;

        assertThat(deliver(key, text)).isEqualTo(SourceAnswer.ACKNOWLEDGED);
        // No waiting: another connection sees only committed rows.
        assertThat(store.inboundWithBody(text)).as("stored when acknowledged").isEqualTo(1);
      }
    }
  }

  @Test
  default void aFailingStoreIsRefusedToTheSourceAndTheRetryIsStoredOnce() throws Exception {
    String key = uniqueKey();
    String text = "outage " + key;

    try (StoreFault down = StoreFault.on(database()).refuseMessages()) {
      assertThat(deliver(key, text)).isEqualTo(SourceAnswer.REFUSED);
      assertThat(down.inboundWithBody(text)).isZero();
    }

    assertThat(deliver(key, text)).isEqualTo(SourceAnswer.ACKNOWLEDGED);
    try (StoreFault store = StoreFault.on(database())) {
      assertThat(store.inboundWithBody(text)).isEqualTo(1);
    }
  }

  private static String uniqueKey() {
    return "k" + UUID.randomUUID().toString().replace("-", "");
  }
}
