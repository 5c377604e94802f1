package dev.switchboard.channel.email;

import static java.util.concurrent.TimeUnit.SECONDS;

import dev.switchboard.core.http.BoundedExecutor;
import dev.switchboard.config.ImapConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The email channel's parts over a real SQLite store in a temporary folder: the intake, readers made
 * on demand, and quick reads of what was stored. Close it after the test.
 */
final class EmailRig implements AutoCloseable {

  static final String SUPPORT = "support@example.com";
  /** {@link ImapConfig#processedFolder()} when read mail is flagged and stays where it is. */
  private static final String NO_PROCESSED_FOLDER = null;

  final Clock clock = Clock.systemUTC();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final Stores stores;
  final EmailMetrics metrics = new EmailMetrics(meters);
  final MailLimits limits;
  final CopyPolicy copies = new CopyPolicy(SUPPORT, 10);
  final MailIntake intake;
  /** Where {@code POST /email/inbound} parses, as in the adapter. */
  final BoundedExecutor parsing = new BoundedExecutor("email-intake", 2, 256, meters);
  private final List<ImapReader> readers = new ArrayList<>();

  EmailRig(Path dir) {
    this(dir, new MailLimits(1024 * 1024, 100, 10));
  }

  EmailRig(Path dir, MailLimits limits) {
    this(dir, limits, UnaryOperator.identity());
  }

  /** A rig whose attachments go through {@code blobs} (wrapping the real store), to inject faults. */
  EmailRig(Path dir, MailLimits limits, UnaryOperator<BlobStore> blobs) {
    this.stores = TestStores.sqlite(dir, clock);
    this.limits = limits;
    this.intake = new MailIntake(limits, new MailSpool(null), new MimeNormalizer(limits, blobs.apply(stores.blobs())),
        new StoreIngest(stores.conversations(), new EventBus()), stores.conversations(), clock, metrics, copies);
  }

  ConversationStore store() {
    return stores.conversations();
  }

  ImapReader reader(ImapConfig config) {
    return reader(config, AckPipeline.GAP);
  }

  /** {@code ackGap}: the least time between acknowledgements, shorter than production's where no test counts them. */
  ImapReader reader(ImapConfig config, Duration ackGap) {
    ImapReader reader = new ImapReader(config, intake,
        new MailboxCursor(store(), config.user(), config.host(), config.folder()), limits, metrics, clock,
        new ReaderPacing(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)), ackGap));
    readers.add(reader);
    return reader;
  }

  /** The support INBOX at {@code port}, over IDLE, nudged every 5 minutes; read mail is flagged {@code \Seen}. */
  static ImapConfig imap(int port) {
    return imapNudgedEvery(port, Duration.ofMinutes(5));
  }

  /** The support INBOX at {@code port}, read over IDLE and nudged every {@code interval}; read mail is flagged. */
  static ImapConfig imapNudgedEvery(int port, Duration interval) {
    return mailbox(port, true, interval, NO_PROCESSED_FOLDER);
  }

  /** The support INBOX at {@code port}, polled every {@code interval} without IDLE; read mail is flagged. */
  static ImapConfig imapPolledEvery(int port, Duration interval) {
    return mailbox(port, false, interval, NO_PROCESSED_FOLDER);
  }

  /** The support INBOX at {@code port}, read over IDLE; read mail is moved to {@code folder}. */
  static ImapConfig imapMovingReadMailTo(int port, String folder) {
    return mailbox(port, true, Duration.ofMinutes(5), folder);
  }

  private static ImapConfig mailbox(int port, boolean idle, Duration pollInterval, String processedFolder) {
    return new ImapConfig("127.0.0.1", port, false, SUPPORT, new Secret("support-secret"), "INBOX", idle,
        pollInterval, processedFolder, "Errors");
  }

  /** Every stored e-mail message, with its conversation. */
  List<Stored> stored() throws Exception {
    List<Stored> out = new ArrayList<>();
    for (Conversation c : store().conversations(ConversationQuery.all().channel(Channel.EMAIL).limit(1000))
        .toCompletableFuture().get(10, SECONDS)) {
      for (Message m : store().messages(c.id()).toCompletableFuture().get(10, SECONDS)) {
        out.add(new Stored(c, m));
      }
    }
    return out;
  }

  List<String> storedExternalIds() throws Exception {
    return stored().stream().map(s -> s.message().externalId()).toList();
  }

  record Stored(Conversation conversation, Message message) {}

  @Override
  public void close() {
    readers.forEach(ImapReader::close);
    parsing.close();
    stores.close();
  }
}
