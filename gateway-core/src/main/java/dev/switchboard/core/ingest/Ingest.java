package dev.switchboard.core.ingest;

import java.util.concurrent.CompletionStage;

/**
 * Takes customers' messages into the store. The returned stage completes only after the commit that
 * holds the message, so a channel acknowledges its source (IMAP flag, Twilio 200, chat ack) from it and
 * never earlier. Events ({@code MessageAdded}, {@code ConversationQueued}) are published after the commit.
 */
public interface Ingest {

  CompletionStage<IngestResult> accept(InboundMessage message);
}
