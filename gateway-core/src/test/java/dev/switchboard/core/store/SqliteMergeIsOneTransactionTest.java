package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A merge that fails at its last write (recording what moved) leaves nothing moved. */
class SqliteMergeIsOneTransactionTest {

  @TempDir
  Path dir;

  @Test
  void aMergeThatFailsAtItsLastWriteMovesNothing() throws Exception {
    try (Stores stores = TestStores.sqlite(dir, MutableClock.startingAt("2026-01-05T10:00:00Z"),
        new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      Contact a = store.contacts().resolve(Identity.email(Inbound.address()), "A").toCompletableFuture().get(10, TimeUnit.SECONDS);
      IngestResult sms = store.ingest(Inbound.sms(phone, "SM1").build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      Contact b = store.contacts().byIdentity(Identity.phone(phone)).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"));
          Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        s.execute("CREATE TRIGGER refuse_merge_items BEFORE INSERT ON contact_merge_items "
            + "BEGIN SELECT RAISE(ABORT, 'test fault'); END");
      }

      assertThatThrownBy(() -> stores.contacts().merge(a.id(), b.id(), "alice").toCompletableFuture()
          .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

      assertThat(store.contacts().find(b.id()).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow().identities())
          .containsExactly(Identity.phone(phone));
      assertThat(store.conversation(sms.conversationId()).toCompletableFuture().get(10, TimeUnit.SECONDS)
          .orElseThrow().contactId()).isEqualTo(b.id());
      assertThat(stores.contacts().detail(b.id(), 10).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow()
          .mergedInto()).isNull();
      assertThat(stores.contacts().detail(a.id(), 10).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow()
          .merges()).isEmpty();
    }
  }
}
