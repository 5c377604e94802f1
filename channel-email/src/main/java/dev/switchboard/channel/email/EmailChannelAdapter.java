package dev.switchboard.channel.email;

import dev.switchboard.config.EmailConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.GatewayContext;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.http.BoundedExecutor;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.model.Channel;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email channel: reads the support mailbox over IMAP, takes raw mail at {@code POST /email/inbound},
 * and sends agents' replies over SMTP. Enabled by the {@code channels.email} section of the config.
 */
public final class EmailChannelAdapter implements ChannelAdapter {

  private static final Logger log = LoggerFactory.getLogger(EmailChannelAdapter.class);

  private final Backoff backoff;
  private volatile ImapReader reader;
  private SmtpSender sender;
  private ExecutorService smtpExecutor;
  private BoundedExecutor parsing;
  private volatile Optional<SendPace> pace = Optional.empty();

  /** The adapter as {@link java.util.ServiceLoader} makes it. */
  public EmailChannelAdapter() {
    this(Backoff.standard());
  }

  EmailChannelAdapter(Backoff backoff) {
    this.backoff = backoff;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  /** A reply carries the thread's references and quotes the customer's last message (ReplyComposer). */
  @Override
  public boolean quotesThread() {
    return true;
  }

  @Override
  public boolean enabled(GatewayConfig config) {
    return config.channels().email() != null;
  }

  @Override
  public Optional<SendPace> pace() {
    return pace;
  }

  @Override
  public void start(GatewayContext ctx) throws Exception {
    EmailConfig config = ctx.config().channels().email();
    InternetAddress support = ReplyComposer.address(config.address()).orElseThrow(() -> new IllegalArgumentException(
        "channels.email.address: " + config.address() + " (expected: an e-mail address)"));
    MailLimits limits = MailLimits.of(config);
    EmailMetrics metrics = new EmailMetrics(ctx.meters());
    CopyPolicy copies = new CopyPolicy(support.getAddress(), config.maxCopies());
    MailIntake intake = new MailIntake(limits, new MailSpool(null), new MimeNormalizer(limits, ctx.blobs()),
        ctx.ingest(), ctx.store(), ctx.clock(), metrics, copies);

    // Parsing is CPU work in proportion to the mail: one thread per core, and a queue of posted mails
    // waiting (their bodies are already on disk); past it, 503 overloaded and the sender retries.
    parsing = new BoundedExecutor("email-intake", Runtime.getRuntime().availableProcessors(), 256, ctx.meters());
    // The token is checked on the head too, so a refused sender never uploads its mail (nor gets 100 Continue).
    ctx.routes().post(InboundEndpoint.PATH, ctx.adminAuth()::require,
        new InboundEndpoint(ctx.adminAuth(), intake, limits, metrics, ctx.clock(), parsing));

    if (config.smtp() != null) {
      // One server carries every reply: one sender's slots.
      pace = Optional.ofNullable(config.smtp().sendsPerSecond())
          .map(r -> SendPace.of(r, c -> "smtp"));
      AtomicInteger n = new AtomicInteger();
      smtpExecutor = LogContext.propagating(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "switchboard-email-smtp-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      }));
      sender = new SmtpSender(config.smtp(), new ReplyComposer(support, ctx.clock(), copies, ctx.blobs()), ctx.store(), metrics,
          smtpExecutor);
    } else {
      log.warn("channels.email has no smtp section: agents' replies to e-mail will fail");
    }
    if (config.imap() != null) {
      MailboxCursor cursor = new MailboxCursor(ctx.store(), config.imap().user(), config.imap().host(),
          config.imap().folder());
      metrics.imapState(() -> reader != null, () -> reader != null && reader.connected());
      // One node of a cluster reads the mailbox: the leader; it resumes from the stored cursor.
      ctx.whileLeading("imap-reader", term -> {
        ImapReader r = new ImapReader(config.imap(), intake, cursor, limits, metrics, ctx.clock(),
            ReaderPacing.of(backoff));
        r.start();
        reader = r;
        return () -> {
          if (reader == r) {
            reader = null;
            r.close();
          }
        };
      });
    }
    log.info("Email channel started for {} (IMAP: {}, SMTP: {})", support.getAddress(),
        config.imap() == null ? "off" : config.imap().host(), config.smtp() == null ? "off" : config.smtp().host());
  }

  @Override
  public CompletionStage<Delivery> send(OutboundMessage message) {
    if (sender == null) {
      return CompletableFuture.completedFuture(
          new Delivery.Failed("not_configured", "no SMTP server is configured for e-mail (channels.email.smtp)"));
    }
    return sender.send(message);
  }

  @Override
  public boolean ready() {
    return reader == null || reader.connected();
  }

  @Override
  public void stop() {
    ImapReader r = reader;
    reader = null; // its singleton handle, closed later, then finds nothing left to stop
    if (r != null) {
      r.close();
    }
    if (smtpExecutor != null) {
      smtpExecutor.shutdown();
    }
    if (parsing != null) {
      parsing.close();
    }
  }
}
