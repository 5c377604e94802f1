package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Identity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The writer's memory of what {@link SenderThread#find} read: a sender's contact (and whether chats were
 * forwarded to their address), and the newest open conversation of a (channel, contact, thread key). A
 * known sender's next message then costs the ingest no look-up at all instead of the 28-column statement (on
 * SQLite each column's name and value cross JNI on every query: the largest Java part of the writer's time per
 * chat message): its dedupe is left to the ingest ({@link SenderThread.Remembered}), which has the message's
 * insert ask it when the message joins the thread's open conversation.
 *
 * <p>Exact, not "fresh enough": it only ever holds what the rows say now. It is kept on SQLite only, where
 * this process's writer connection is the only one that writes ({@link #remembering}); on PostgreSQL other
 * nodes write the same rows, so it remembers nothing ({@link #forgetful}). On SQLite it forgets everything
 * <ul>
 *   <li>before any write that does not tell it what it wrote ({@link Exact}) runs in the writer's transaction:
 *       the desk's replies and resolves, merges, tags, continuity and the rest may change any conversation,
 *       identity or forward (the writer calls {@link #forget});
 *   <li>when a transaction rolls back, since what the ingests of that transaction remembered was never
 *       committed (the writer calls {@link #forget});
 *   <li>when another connection committed since the writer's last transaction (SQLite's {@code
 *       data_version}, read at the start of each of the writer's transactions, holding its write lock), or
 *       the writer's physical connection is a new one ({@link #beginTransaction});
 *   <li>when an ingest changed rows it cannot describe exactly: a conversation found by reference, ref or
 *       forward rather than by its thread, a reopen, a proof that may merge contacts ({@link #forget}).
 * </ul>
 * An ingest that created or touched its thread's conversation tells it the row as written ({@link #wrote}); the
 * router's save of a conversation tells it the row as saved ({@link #saved}), so that the router's saves, one or
 * more for every new conversation, do not make every sender's next message read its sender and thread again.
 * Used by the writer thread only, so it takes no locks.
 */
final class SenderThreads {

  /** Entries kept of each kind; a sender or thread past them is read again, nothing more. */
  static final int CAPACITY = 10_000;

  /**
   * Work that leaves this memory exact, so the writer does not forget before it: the ingest, which tells it
   * what it wrote ({@link #wrote}), the router's save of a conversation, likewise ({@link #saving}), and the
   * search indexer ({@link SearchIndexer}), which writes none of the rows it holds (conversations, tags,
   * identities, chat forwards).
   */
  @FunctionalInterface
  interface Exact<T> extends Work<T> {}

  private record Sender(ContactId contact, boolean forwardedTo) {}

  private record ThreadKey(Channel channel, ContactId contact, String threadKey) {}

  private final boolean remembers;
  private final Map<Identity, Sender> senders;
  private final Map<ThreadKey, Optional<Conversation>> threads;
  private Connection lastConnection;
  private long lastDataVersion;
  private long reads;

  private SenderThreads(boolean remembers) {
    this.remembers = remembers;
    this.senders = lru();
    this.threads = lru();
  }

  /** Remembers senders and threads between messages: for a database only this writer writes (SQLite). */
  static SenderThreads remembering() {
    return new SenderThreads(true);
  }

  /** Reads every message's sender and thread from the database: for one other nodes write too. */
  static SenderThreads forgetful() {
    return new SenderThreads(false);
  }

  /** As {@link SenderThread#find}, from memory when it knows the sender and thread. */
  SenderThread.Lookup find(Connection c, InboundMessage m, Instant now) throws SQLException {
    Sender sender = senders.get(m.sender());
    Optional<Conversation> open = sender == null ? null
        : threads.get(new ThreadKey(m.channel(), sender.contact(), m.threadKey()));
    if (open == null) {
      // Only the statement's answer is remembered: a sender new to it (a contact made just now) is read
      // once more with their next message, so that what is remembered is what the rows said.
      reads++;
      Optional<SenderThread.Lookup> read = SenderThread.read(c, m);
      if (read.isEmpty()) {
        return SenderThread.unknownSender(c, m, now);
      }
      if (remembers && read.get() instanceof SenderThread.Sender s) {
        senders.put(m.sender(), new Sender(s.thread().contact(), s.thread().forwardedTo()));
        threads.put(new ThreadKey(m.channel(), s.thread().contact(), m.threadKey()), s.thread().open());
      }
      return read.get();
    }
    return new SenderThread.Remembered(new SenderThread(sender.contact(), open, sender.forwardedTo()));
  }

  /**
   * The ingest of {@code m} from {@code sender} wrote {@code conv} as given: created it (then there was no
   * open conversation on the thread) or touched the thread's open conversation.
   */
  void wrote(InboundMessage m, SenderThread sender, Conversation conv) {
    requireNonNull(conv, "conv");
    if (!remembers) {
      return;
    }
    ThreadKey key = new ThreadKey(m.channel(), sender.contact(), m.threadKey());
    if (sender.open().isPresent()) {
      if (!sender.open().get().id().equals(conv.id())) {
        throw new IllegalArgumentException("not the thread's open conversation: " + conv.id());
      }
      threads.put(key, Optional.of(conv));
    } else {
      // A new conversation: open unless automated mail started it resolved, when the thread stays without one.
      threads.put(key, conv.status().isOpen() ? Optional.of(conv) : Optional.empty());
    }
  }

  /**
   * {@code save}, which writes one conversation's router fields (status, assignee, tier, due times: never its
   * contact, channel or thread key) and returns the row as now stored, as work that tells this memory the row
   * ({@link #saved}) instead of making the writer forget everything before it.
   */
  Exact<Conversation> saving(Work<Conversation> save) {
    requireNonNull(save, "save");
    return c -> saved(save.run(c));
  }

  /**
   * {@code conv} is stored as given, changed by a write other than an ingest that kept its contact, channel and
   * thread key. A thread remembered with it as its open conversation holds it as stored while it is open; every
   * other thread it is on is read again: one it left (an older open conversation may be the thread's now), and one
   * remembered with another or none open (it may have become the thread's open conversation).
   */
  Conversation saved(Conversation conv) {
    requireNonNull(conv, "conv");
    if (!remembers) {
      return conv;
    }
    ThreadKey key = new ThreadKey(conv.channel(), conv.contactId(), conv.threadKey());
    Optional<Conversation> open = threads.get(key);
    if (open == null) {
      return conv;
    }
    if (conv.status().isOpen() && open.isPresent() && open.get().id().equals(conv.id())) {
      threads.put(key, Optional.of(conv));
    } else {
      threads.remove(key);
    }
    return conv;
  }

  /** Everything remembered may be stale: read it all again. */
  void forget() {
    if (!senders.isEmpty() || !threads.isEmpty()) {
      senders.clear();
      threads.clear();
    }
  }

  /**
   * At the start of the writer's transaction on {@code c}, after its BEGIN IMMEDIATE took the write lock:
   * forgets everything when another connection committed since the last one, or {@code c} is not the
   * connection of the last one (a new connection's {@code data_version} says nothing of the commits before it).
   */
  void beginTransaction(Connection c) throws SQLException {
    if (!remembers) {
      return;
    }
    Connection physical = c.unwrap(Connection.class);
    long version;
    PreparedStatement ps = Statements.prepare(c, "PRAGMA data_version");
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      version = rs.getLong(1);
    }
    if (physical != lastConnection || version != lastDataVersion) {
      forget();
      lastConnection = physical;
      lastDataVersion = version;
    }
  }

  /** How many senders and threads it holds (tests). */
  int size() {
    return senders.size() + threads.size();
  }

  /** How many messages' sender and thread it has read with the statement so far (tests). */
  long reads() {
    return reads;
  }

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > CAPACITY;
      }
    };
  }
}
