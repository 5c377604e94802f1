package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.ConversationStore;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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

  private final ConversationStore store;
  private final String key;

  MailboxCursor(ConversationStore store, String user, String host, String folder) {
    this.store = requireNonNull(store, "store");
    this.key = "imap." + user + "@" + host + "/" + folder;
  }

  /** The saved position, or empty when there is none (or it cannot be read as one). */
  CompletionStage<Optional<Position>> load() {
    return store.channelState().get(Channel.EMAIL, key).thenApply(v -> v.flatMap(Position::decode));
  }

  /** Completes once the position is committed. */
  CompletionStage<Void> save(Position position) {
    return store.channelState().put(Channel.EMAIL, key, position.encode());
  }
}
