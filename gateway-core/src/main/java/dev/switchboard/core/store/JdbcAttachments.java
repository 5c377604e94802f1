package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.ConversationId;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link Attachments} over the store's group writer and reader pool (no fence). */
final class JdbcAttachments implements Attachments {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;
  private final Clock clock;

  JdbcAttachments(GroupCommitWriter writer, JdbcDeliveries.Reads reads, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<StoredAttachment> recordUpload(ConversationId conversationId, String uploadedBy,
      Blob content) {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(uploadedBy, "uploadedBy");
    requireNonNull(content, "content");
    return writer.submit("recordUpload",
        c -> AttachmentRows.insertUpload(c, conversationId, uploadedBy, content, clock.instant()));
  }

  @Override
  public CompletionStage<Optional<StoredAttachment>> find(String id) {
    requireNonNull(id, "id");
    return reads.read(c -> AttachmentRows.byId(c, id));
  }
}
