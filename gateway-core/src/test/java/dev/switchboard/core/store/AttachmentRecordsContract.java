package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.AttachmentRefusedException.Reason;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Attachments in the store: ids for every attachment, agents' uploads and the replies that take them. */
interface AttachmentRecordsContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  private Stores open() {
    return open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry());
  }

  private static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the operation to fail");
  }

  private static Blob content(char hex, String name) {
    return new Blob.Stored(new AttachmentRef(String.valueOf(hex).repeat(64), name, "application/pdf", 2048, false));
  }

  @Test
  default void aCustomersAttachmentIsFoundByItsIdWithItsConversation() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .attachments(List.of(content('c', "invoice.pdf"))).build()));
      AttachmentRef stored = await(store.message(r.messageId())).orElseThrow().attachments().get(0);

      StoredAttachment found = await(store.attachments().find(stored.id())).orElseThrow();

      assertThat(found.ref()).isEqualTo(stored);
      assertThat(found.conversationId()).isEqualTo(r.conversationId());
      assertThat(found.message()).contains(r.messageId());
      assertThat(stored.url()).isEqualTo("/api/attachments/" + stored.id());
      assertThat(await(store.attachments().find("no-such-attachment"))).isEmpty();
    }
  }

  @Test
  default void aReplyTakesTheUploadsOfItsConversationUnderTheirIds() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      StoredAttachment upload = await(store.attachments().recordUpload(r.conversationId(), "alice", content('d', "guide.pdf")));

      assertThat(await(store.attachments().find(upload.ref().id()))).contains(upload);
      assertThat(upload.message()).isEmpty();

      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Here it is", "r1",
          List.of(upload.ref().id())));

      assertThat(reply.attachments()).containsExactly(upload.ref());
      assertThat(await(store.message(reply.id())).orElseThrow().attachments()).containsExactly(upload.ref());
      assertThat(await(store.attachments().find(upload.ref().id())).orElseThrow().message()).contains(reply.id());
    }
  }

  @Test
  default void aReplyIsRefusedWholeForAnUploadItMayNotTake() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult mine = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      IngestResult other = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      String ours = await(store.attachments().recordUpload(mine.conversationId(), "alice", content('e', "a.pdf"))).ref().id();
      String theirs = await(store.attachments().recordUpload(other.conversationId(), "bob", content('f', "b.pdf"))).ref().id();
      await(store.appendAgentMessage(mine.conversationId(), Direction.OUT, "alice", "first", "r1", List.of(ours)));

      assertThat(reason(store.appendAgentMessage(mine.conversationId(), Direction.OUT, "alice", "x", "r2",
          List.of(theirs)))).isEqualTo(Reason.OTHER_CONVERSATION);
      assertThat(reason(store.appendAgentMessage(mine.conversationId(), Direction.OUT, "alice", "x", "r3",
          List.of(ours)))).isEqualTo(Reason.ALREADY_SENT);
      assertThat(reason(store.appendAgentMessage(mine.conversationId(), Direction.OUT, "alice", "x", "r4",
          List.of("01NOSUCHUPLOAD")))).isEqualTo(Reason.UNKNOWN);
      assertThat(await(store.messages(mine.conversationId()))).filteredOn(m -> m.direction() == Direction.OUT)
          .extracting(Message::text).containsExactly("first");
      assertThat(await(store.attachments().find(theirs)).orElseThrow().message()).isEqualTo(Optional.empty());
    }
  }

  @Test
  default void anUploadToAnUnknownConversationFails() {
    try (Stores stores = open()) {
      assertThat(failure(stores.conversations().attachments().recordUpload(ConversationId.random(), "alice", content('a', "x.pdf"))))
          .isInstanceOf(NoSuchElementException.class);
    }
  }

  private static Reason reason(CompletionStage<?> stage) {
    Throwable t = failure(stage);
    assertThat(t).isInstanceOf(AttachmentRefusedException.class);
    return ((AttachmentRefusedException) t).reason();
  }
}
