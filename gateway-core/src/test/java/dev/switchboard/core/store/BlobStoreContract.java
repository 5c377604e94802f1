package dev.switchboard.core.store;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.testing.StoredContent;
import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The blob store over a real database and directory: content up to {@code storage.attachmentsInDatabaseUpTo}
 * goes into {@code blobs} with the message or upload that names it, larger content into a synced file; both
 * are found by {@link BlobStore#find} and read back through what it finds, and the same bytes are kept
 * once.
 */
interface BlobStoreContract {

  int THRESHOLD = (int) StorageConfig.DEFAULT_ATTACHMENTS_IN_DATABASE_UP_TO.bytes();
  long MAX = 10L << 20;

  Stores open(MutableClock clock, MeterRegistry meters);

  /** The directory the store's config names for attachment files. */
  Path attachmentFiles();

  private Stores open() {
    return open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry());
  }

  @Test
  default void aSmallAttachmentIsWrittenWithItsMessageAndNotAsAFile() throws Exception {
    try (Stores stores = open()) {
      byte[] pdf = random(22_000);
      Blob taken = stores.blobs().put(new ByteArrayInputStream(pdf), "invoice.pdf", "application/pdf", false, MAX);

      assertThat(taken).isInstanceOf(Blob.Bytes.class);
      assertThat(rows(stores, taken)).isZero();
      assertThat(await(stores.blobs().find(taken.ref().sha256()))).isEmpty();

      IngestResult r = await(stores.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .attachments(List.of(taken)).build()));

      assertThat(r).isInstanceOf(IngestResult.Stored.class);
      assertThat(rows(stores, taken)).isOne();
      assertThat(file(taken)).doesNotExist();
      Message m = await(stores.conversations().message(r.messageId())).orElseThrow();
      assertThat(read(stores, m.attachments().get(0))).isEqualTo(pdf);
    }
  }

  @Test
  default void aMessageNotWrittenWritesNoContent() throws Exception {
    try (Stores stores = open()) {
      String messageId = Inbound.messageId();
      String from = Inbound.address();
      await(stores.conversations().ingest(Inbound.email(from, messageId).build()));
      Blob retried = stores.blobs().put(new ByteArrayInputStream(random(1_000)), "a.txt", "text/plain", false, MAX);

      IngestResult again = await(stores.conversations().ingest(Inbound.email(from, messageId)
          .attachments(List.of(retried)).build()));

      assertThat(again).isInstanceOf(IngestResult.Duplicate.class);
      assertThat(rows(stores, retried)).isZero();
    }
  }

  @Test
  default void anUploadRolledBackLeavesNoContent() throws Exception {
    try (Stores stores = open()) {
      Blob upload = stores.blobs().put(new ByteArrayInputStream(random(3_000)), "a.png", "image/png", false, MAX);

      assertThatThrownBy(() -> stores.conversations().attachments()
          .recordUpload(ConversationId.random(), "alice", upload).toCompletableFuture().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);

      assertThat(rows(stores, upload)).isZero();
      assertThat(await(stores.blobs().find(upload.ref().sha256()))).isEmpty();
    }
  }

  @Test
  default void anUploadsContentIsWrittenWithItAndReadByItsReply() throws Exception {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      byte[] png = random(5_000);
      Blob upload = stores.blobs().put(new ByteArrayInputStream(png), "a.png", "image/png", false, MAX);

      StoredAttachment stored = await(store.attachments().recordUpload(r.conversationId(), "alice", upload));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "here", "r1",
          List.of(stored.ref().id())));

      assertThat(rows(stores, upload)).isOne();
      assertThat(read(stores, reply.attachments().get(0))).isEqualTo(png);
      assertThat(file(upload)).doesNotExist();
    }
  }

  @Test
  default void contentOfTheThresholdIsInTheDatabaseAndOneByteMoreIsAFile() throws Exception {
    try (Stores stores = open()) {
      byte[] edge = random(THRESHOLD);
      byte[] over = random(THRESHOLD + 1);
      Blob small = stores.blobs().put(new ByteArrayInputStream(edge), "edge.bin", null, false, MAX);
      Blob large = stores.blobs().put(new ByteArrayInputStream(over), "over.bin", null, false, MAX);

      assertThat(small).isInstanceOf(Blob.Bytes.class);
      assertThat(large).isInstanceOf(Blob.Stored.class);
      assertThat(large.ref().size()).isEqualTo(THRESHOLD + 1);
      assertThat(file(large)).exists();
      // A large one is durable on its own, before any message names it.
      assertThat(read(stores, large.ref())).isEqualTo(over);

      await(stores.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .attachments(List.of(small, large)).build()));

      assertThat(rows(stores, small)).isOne();
      assertThat(rows(stores, large)).isZero();
      assertThat(read(stores, small.ref())).isEqualTo(edge);
      assertThat(file(small)).doesNotExist();
    }
  }

  @Test
  default void theSameBytesAreKeptOnceInTheDatabaseAndAsAFile() throws Exception {
    try (Stores stores = open()) {
      byte[] small = random(700);
      byte[] large = random(THRESHOLD + 5_000);
      for (int i = 0; i < 2; i++) {
        Blob a = stores.blobs().put(new ByteArrayInputStream(small), "s" + i, null, false, MAX);
        Blob b = stores.blobs().put(new ByteArrayInputStream(large), "l" + i, null, false, MAX);
        await(stores.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId())
            .attachments(List.of(a, b, a)).build()));
      }
      Blob again = stores.blobs().put(new ByteArrayInputStream(small), "s", null, false, MAX);
      Blob largeAgain = stores.blobs().put(new ByteArrayInputStream(large), "l", null, false, MAX);

      assertThat(rows(stores, again)).isOne();
      assertThat(rows(stores, largeAgain)).isZero();
      assertThat(read(stores, largeAgain.ref())).isEqualTo(large);
      try (Stream<Path> files = Files.walk(attachmentFiles())) {
        // One file of the large content and no temporary file left behind by the puts that found it stored.
        assertThat(files.filter(Files::isRegularFile).filter(p -> p.startsWith(attachmentFiles().resolve("incoming"))
            || p.getFileName().toString().equals(largeAgain.ref().sha256()))).containsExactly(file(largeAgain));
      }
    }
  }

  @Test
  default void contentStoredAsAFileBeforeV19IsStillRead() throws Exception {
    try (Stores stores = open()) {
      byte[] old = random(900);
      AttachmentRef filed = new FileBlobStore(attachmentFiles()).put(new ByteArrayInputStream(old), "old.txt", null,
          false, MAX);

      assertThat(read(stores, filed)).isEqualTo(old);
    }
  }

  @Test
  default void findAnswersSmallContentsBytesALargeOnesFileAndNothingForUnknownAddresses() throws Exception {
    try (Stores stores = open()) {
      byte[] edge = random(THRESHOLD);
      byte[] over = random(THRESHOLD + 1);
      Blob small = stores.blobs().put(new ByteArrayInputStream(edge), "edge.bin", null, false, MAX);
      Blob large = stores.blobs().put(new ByteArrayInputStream(over), "over.bin", null, false, MAX);
      assertThat(await(stores.blobs().find(small.ref().sha256()))).isEmpty(); // not before its message
      await(stores.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .attachments(List.of(small, large)).build()));

      assertThat(await(stores.blobs().find(small.ref().sha256()))).hasValueSatisfying(c -> assertThat(c)
          .isInstanceOfSatisfying(BlobStore.Content.Bytes.class, b -> assertThat(b.content()).isEqualTo(edge)));
      assertThat(await(stores.blobs().find(large.ref().sha256()))).hasValueSatisfying(c -> assertThat(c)
          .isInstanceOfSatisfying(BlobStore.Content.File.class, f -> assertThat(f.path()).isEqualTo(file(large))));
      assertThat(await(stores.blobs().find("0".repeat(64)))).isEmpty();
      assertThat(await(stores.blobs().find("../../etc/passwd"))).isEmpty();
    }
  }

  @Test
  default void contentOverItsLimitIsRefusedBelowTheThresholdToo() throws Exception {
    try (Stores stores = open()) {
      assertThat(stores.blobs().put(new ByteArrayInputStream(new byte[10]), "ok", null, false, 10))
          .isInstanceOf(Blob.Bytes.class);
      assertThatThrownBy(() -> stores.blobs().put(new ByteArrayInputStream(new byte[11]), "big", null, false, 10))
          .isInstanceOf(BlobStore.BlobTooLargeException.class);
      assertThatThrownBy(() -> stores.blobs().put(new ByteArrayInputStream(random(THRESHOLD + 2)), "big", null,
          false, THRESHOLD + 1)).isInstanceOf(BlobStore.BlobTooLargeException.class);
    }
  }

  private Path file(Blob blob) {
    String sha = blob.ref().sha256();
    return attachmentFiles().resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
  }

  private static byte[] read(Stores stores, AttachmentRef ref) {
    return StoredContent.read(stores.blobs(), ref.sha256());
  }

  private static int rows(Stores stores, Blob blob) {
    return await(stores.read(c -> {
      PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM blobs WHERE sha256 = ?");
      ps.setString(1, blob.ref().sha256());
      try (ps; ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random().nextBytes(b);
    return b;
  }
}
