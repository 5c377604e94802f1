package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ImapConfig;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.model.Channel;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The support mailbox reader: one thread of its own that connects, catches up on everything since its
 * saved position, then waits with IMAP IDLE (or polls every {@code pollInterval} where the server has no
 * IDLE) and reads what arrives. A second connection, on the {@link AckPipeline}'s thread, flags or moves
 * the mail after its commit, so reading never waits for a commit or a flag. Any failure closes the connection and reconnects after a backoff; the
 * saved position makes the reconnect read exactly what was missed. A second small thread nudges an
 * idling connection every {@code pollInterval}, which keeps it alive and re-checks the folder. Mails are
 * normalized on a small pool of the reader's own ({@link ParallelIntake}), several at once.
 *
 * <p>{@link #start()} and {@link #close()} may alternate any number of times (a node that gains and loses
 * the leadership of a cluster starts and closes its reader): each start makes new threads, each close
 * ends them and waits for the connection to end.
 */
final class ImapReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ImapReader.class);
  private static final Duration MAX_NUDGE = Duration.ofMinutes(9);

  static {
    StreamProviderPin.pin();
  }

  private final ImapConfig config;
  private final MailIntake intake;
  private final MailboxCursor cursor;
  private final MailLimits limits;
  private final EmailMetrics metrics;
  private final Clock clock;
  private final ReaderPacing pacing;
  private final Map<Long, Integer> attempts = new ConcurrentHashMap<>();
  private final Object wakeup = new Object();
  private ScheduledExecutorService nudger;
  private ExecutorService parsing;
  private Thread thread;
  private volatile boolean running;
  private volatile boolean connected;
  private volatile IMAPStore current;

  ImapReader(ImapConfig config, MailIntake intake, MailboxCursor cursor, MailLimits limits, EmailMetrics metrics,
      Clock clock, ReaderPacing pacing) {
    this.config = requireNonNull(config, "config");
    this.intake = requireNonNull(intake, "intake");
    this.cursor = requireNonNull(cursor, "cursor");
    this.limits = requireNonNull(limits, "limits");
    this.metrics = requireNonNull(metrics, "metrics");
    this.clock = requireNonNull(clock, "clock");
    this.pacing = requireNonNull(pacing, "pacing");
  }

  /** Starts reading; does nothing when already started. */
  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    nudger = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "switchboard-email-imap-nudge"));
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    parsing = LogContext.propagating(
        Executors.newFixedThreadPool(threads, r -> daemon(r, "switchboard-email-imap-parse-" + n.incrementAndGet())));
    thread = daemon(this::run, "switchboard-email-imap");
    thread.start();
  }

  /** Connected, with the folder open and caught up at least once. */
  boolean connected() {
    return connected;
  }

  /** Stops reading: ends the connection and the threads; a later {@link #start()} reads on from the saved position. */
  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
    closeQuietly(current);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nudger.shutdownNow();
    // Mails being normalized finish and commit; nothing acknowledges them, so they are read again (deduped).
    parsing.shutdown();
  }

  private void run() {
    // This thread only ever reads mail: every line it (and the parsing it hands on) writes is the email channel's.
    LogContext.with(LogKey.CHANNEL, Channel.EMAIL.key());
    int failures = 0;
    while (running) {
      try {
        session();
      } catch (Exception | Error e) {
        // Any failure, an Error too, ends this connection only: the reader reconnects and carries on.
        connected = false;
        if (!running) {
          break;
        }
        failures++;
        metrics.reconnect();
        Duration delay = pacing.reconnects().delay(failures);
        log.warn("IMAP {}@{}:{} folder {}: {}; reconnecting in {} ms", config.user(), config.host(), config.port(),
            config.folder(), e.toString(), delay.toMillis());
        pause(delay);
        continue;
      }
      failures = 0;
    }
    log.info("IMAP reader for {}@{} stopped", config.user(), config.host());
  }

  /**
   * One session: open the reading connection and the acknowledging one, catch up, then wait and read until
   * either fails or the reader stops.
   */
  private void session() throws Exception {
    boolean wantIdle = config.idle();
    Duration every = wantIdle && config.pollInterval().compareTo(MAX_NUDGE) > 0 ? MAX_NUDGE : config.pollInterval();
    Session session = Session.getInstance(properties(every));
    IMAPStore store = (IMAPStore) session.getStore(config.tls() ? "imaps" : "imap");
    IMAPStore ackStore = (IMAPStore) session.getStore(config.tls() ? "imaps" : "imap");
    current = store;
    MailboxSync sync = null;
    try {
      IMAPFolder folder = open(store);
      IMAPFolder ackFolder = open(ackStore);
      sync = new MailboxSync(folder, config, new ParallelIntake(intake, parsing, config.folder()), intake, cursor,
          limits, clock);
      // A failure on the acknowledging connection ends the session as one on the reading connection does.
      sync.start(position -> new AckPipeline(MailboxAcks.on(ackStore, ackFolder, config), cursor, position, intake,
          attempts, pacing.ackGap(), () -> closeQuietly(store)));
      boolean idle = config.idle() && store.hasCapability("IDLE");
      connected = true;
      log.info("IMAP reader connected to {}@{}:{} folder {} ({})", config.user(), config.host(), config.port(),
          config.folder(), idle ? "IDLE" : "polling every " + config.pollInterval());
      MailboxSync keptAlive = sync;
      // A mail announced (EXISTS) while the IDLE command is being started is read by Angus before IDLE begins
      // and does not end it, and one delivered just before the server began to listen is announced to nobody:
      // the check nudges the connection for either, which ends the IDLE. Any other announcement needs no
      // nudge: one during a pass makes the loop below pass again, one during IDLE ends it.
      IdleGapCheck gap = idle ? IdleGapCheck.watch(folder, ackFolder, keptAlive::readTo, () -> nudgeSoon(folder)) : null;
      ScheduledFuture<?> nudges = nudger.scheduleWithFixedDelay(() -> {
        if (idle) {
          nudge(folder);
        }
        keptAlive.keepAlive();
      }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
      try {
        while (running) {
          // A mail that arrives while a pass runs is announced (EXISTS) in the answer to one of its commands,
          // not again once IDLE starts: so pass again until the folder's count held still during a pass.
          // A pass only lists and fetches (the commits and flags follow on the ack line), so the next one
          // starts at once.
          // The announcements are counted too: an expunge and an arrival between two looks leave the count as it was.
          int count;
          long announced;
          do {
            count = folder.getMessageCount();
            announced = gap == null ? 0 : gap.announcements();
            sync.syncNew();
          } while (running && (folder.getMessageCount() != count || gap != null && gap.announcements() != announced));
          if (idle) {
            gap.arm(announced);
            folder.idle(true);
          } else {
            pause(config.pollInterval());
          }
          if (running && !folder.isOpen()) {
            throw new MessagingException("the folder was closed by the server");
          }
        }
      } finally {
        nudges.cancel(false);
        if (gap != null) {
          gap.close();
        }
      }
    } finally {
      connected = false;
      current = null;
      if (sync != null) {
        sync.close();
      }
      closeQuietly(store);
      closeQuietly(ackStore);
    }
  }

  private IMAPFolder open(IMAPStore store) throws MessagingException {
    store.connect(config.host(), config.port(), config.user(), config.password().reveal());
    IMAPFolder folder = (IMAPFolder) store.getFolder(config.folder());
    folder.open(Folder.READ_WRITE);
    return folder;
  }

  private void nudgeSoon(IMAPFolder folder) {
    try {
      nudger.execute(() -> nudge(folder));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("IMAP nudge after close: {}", e.toString());
    }
  }

  /** A NOOP from the nudge thread ends a running IDLE, so the reader checks the folder, and keeps the line alive. */
  private void nudge(IMAPFolder folder) {
    try {
      folder.doCommand(p -> {
        p.simpleCommand("NOOP", null);
        return null;
      });
    } catch (MessagingException | RuntimeException e) {
      log.debug("IMAP nudge failed: {}; closing the connection so the reader reconnects", e.toString());
      closeQuietly(current);
    }
  }

  private void pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    synchronized (wakeup) {
      long left;
      while (running && (left = until - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(wakeup, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private Properties properties(Duration nudgeEvery) {
    String p = config.tls() ? "mail.imaps." : "mail.imap.";
    Properties props = new Properties();
    props.setProperty(p + "connectiontimeout", "10000");
    // A read waits at most this long; an idling connection hears from us (a nudge) more often than that.
    props.setProperty(p + "timeout", Long.toString(Math.max(60_000, nudgeEvery.toMillis() + 30_000)));
    // Fetching must not set \Seen: only the commit may acknowledge a mail.
    props.setProperty(p + "peek", "true");
    props.setProperty(p + "ssl.checkserveridentity", "true");
    props.setProperty(p + "partialfetch", "false");
    return props;
  }

  private static void closeQuietly(IMAPStore store) {
    if (store == null) {
      return;
    }
    try {
      store.close();
    } catch (MessagingException | RuntimeException e) {
      log.debug("IMAP close: {}", e.toString());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
