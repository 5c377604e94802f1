package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.ConversationStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where the reader stands in one mailbox folder, kept in the store: the folder's UIDVALIDITY and the
 * highest UID whose mail is committed and acknowledged. Both live in one value, so they change together.
 */
final class MailboxCursor {

  /** A position: mail with a UID above {@code lastUid} is still to be read, while the UIDVALIDITY holds. */
  record Position(long uidValidity, long lastUid) {
    String encode() {
      return uidValidity + "/" + lastUid;
    }

    static Optional<Position> decode(String value) {
      if (value == null) {
        return Optional.empty();
      }
      String[] parts = value.split("/");
      try {
        return parts.length == 2
            ? Optional.of(new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1])))
            : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ConversationStore store;
  private final String key;

  MailboxCursor(ConversationStore store, String user, String host, String folder) {
    this.store = requireNonNull(store, "store");
    this.key = "imap." + user + "@" + host + "/" + folder;
  }

  Optional<Position> load() throws MailIntake.StoreUnavailableException {
    return await(store.channelState(Channel.EMAIL, key)).flatMap(Position::decode);
  }

  void save(Position position) throws MailIntake.StoreUnavailableException {
    await(store.putChannelState(Channel.EMAIL, key, position.encode()));
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws MailIntake.StoreUnavailableException {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MailIntake.StoreUnavailableException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new MailIntake.StoreUnavailableException("the mailbox position could not be read or kept: " + e, e);
    }
  }
}
