package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A channel's small durable values by key (IMAP UIDVALIDITY and last UID, say). */
public interface ChannelState {

  CompletionStage<Optional<String>> get(Channel channel, String key);

  CompletionStage<Void> put(Channel channel, String key, String value);
}
