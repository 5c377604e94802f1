package dev.switchboard.sms;

import com.twilio.http.TwilioRestClient;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.GatewayContext;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.http.BoundedExecutor;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.IdentityKind;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS channel over Twilio: signed inbound and status webhooks, carrier keywords (STOP, START, HELP),
 * MMS media, and replies through the Twilio SDK.
 */
public final class SmsChannelAdapter implements ChannelAdapter {

  private static final Logger log = LoggerFactory.getLogger(SmsChannelAdapter.class);
  private static final int SEND_THREADS = 4;
  /** MMS downloads in parallel, and waiting; a webhook past these is answered 503 and Twilio retries it. */
  private static final int MEDIA_THREADS = 4;
  private static final int MEDIA_QUEUE = 200;
  private static final Duration HELD_SWEEP_EVERY = Duration.ofMinutes(1);

  private volatile TwilioSender sender;
  private SmsSettings settings;
  private OptOut optOut;
  private SmsMetrics metrics;
  private RebasingHttpClient twilioHttp;
  private ExecutorService sendExecutor;
  private ScheduledExecutorService scheduler;
  private BoundedExecutor mediaWork;
  private volatile Optional<SendPace> pace = Optional.empty();

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public boolean enabled(GatewayConfig config) {
    return config.channels().sms() != null;
  }

  @Override
  public Optional<SendPace> pace() {
    return pace;
  }

  @Override
  public void start(GatewayContext ctx) {
    SmsSettings settings = SmsSettings.from(ctx.config());
    warnIfCredentialsWouldBeLogged();
    SmsMetrics metrics = new SmsMetrics(ctx.meters());
    WebhookGuard guard = new WebhookGuard(settings, metrics);
    OptOut optOut = new OptOut(ctx.store(), ctx.clock());
    // Written before the volatile sender, which send() reads first.
    this.settings = settings;
    this.optOut = optOut;
    this.metrics = metrics;
    Double rate = ctx.config().channels().sms().sendsPerSecond();
    // Twilio's rate is per number: each of ours gets its own slots.
    this.pace = Optional.ofNullable(rate).map(r -> SendPace.of(r,
        c -> settings.senderFor(c.threadKey()).orElse("")));

    sendExecutor = LogContext.propagating(Executors.newFixedThreadPool(SEND_THREADS, daemonThreads("sms-twilio-")));
    scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("sms-status-"));
    twilioHttp = new RebasingHttpClient(settings.usesTwilioApi() ? null : settings.apiBaseUrl(),
        settings.requestTimeout());
    TwilioRestClient.Builder client = new TwilioRestClient.Builder(settings.accountSid(),
        settings.authToken().reveal()).httpClient(twilioHttp);
    sender = new TwilioSender(settings, client, sendExecutor, metrics,
        m -> settings.senderFor(m.conversation().threadKey()).ifPresent(from ->
            optOut.optedOutAtProvider(m.to().value(), from).exceptionally(e -> {
              log.warn("Could not record the opt-out of contact {}", m.contact().id(), e);
              return null;
            })), new MediaLinks(ctx.attachmentLinks()::link));

    StatusCallbackHandler statuses = new StatusCallbackHandler(guard, ctx.store(), ctx.events(), metrics,
        ctx.clock());
    mediaWork = new BoundedExecutor("sms-media", MEDIA_THREADS, MEDIA_QUEUE, ctx.meters());
    MediaFetcher media = new MediaFetcher(settings, ctx.blobs(), metrics, MediaFetcher.newHttpClient());
    ctx.routes()
        .post(SmsSettings.INBOUND_PATH,
            new InboundSmsHandler(settings, guard, media, ctx.ingest(), ctx.store(), optOut, metrics,
                ctx.clock(), mediaWork, ctx.csat()))
        .post(SmsSettings.STATUS_PATH, statuses);
    // Callbacks held by the store before a stop, or left by a race between nodes, are applied now.
    scheduler.scheduleWithFixedDelay(() -> statuses.sweepHeld().exceptionally(e -> {
      log.warn("Could not sweep the held status callbacks: {}", e.toString());
      return null;
    }), 0, HELD_SWEEP_EVERY.toSeconds(), TimeUnit.SECONDS);
    log.info("SMS channel started: numbers {}, Twilio API {}, webhooks under {}", settings.numbers(),
        settings.apiBaseUrl(), settings.publicUrl());
  }

  /**
   * Sends through Twilio unless the customer opted out of the number the reply would go from; that
   * refusal never reaches Twilio.
   */
  @Override
  public CompletionStage<Delivery> send(OutboundMessage message) {
    TwilioSender s = sender;
    if (s == null) {
      return CompletableFuture.completedFuture(new Delivery.Retry("the SMS channel is not started"));
    }
    Optional<String> from = settings.senderFor(message.conversation().threadKey());
    if (from.isEmpty() || message.to().kind() != IdentityKind.PHONE) {
      return s.send(message); // refused there, with its reason
    }
    return optOut.refusal(message, from.get()).thenCompose(refusal -> {
      if (refusal.isPresent()) {
        metrics.failed(refusal.get().code());
        log.info("Reply {} not sent: the customer opted out of {}", message.message().id(), from.get());
        return CompletableFuture.completedFuture(refusal.get());
      }
      return s.send(message);
    });
  }

  @Override
  public boolean ready() {
    return sender != null;
  }

  @Override
  public void stop() {
    sender = null;
    if (sendExecutor != null) {
      sendExecutor.shutdownNow();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (mediaWork != null) {
      mediaWork.close();
    }
    if (twilioHttp != null) {
      try {
        twilioHttp.close();
      } catch (IOException e) {
        log.debug("Closing the Twilio HTTP client", e);
      }
    }
  }

  /** Apache HttpClient, under the Twilio SDK, logs request headers (our Basic credentials) at DEBUG. */
  private static void warnIfCredentialsWouldBeLogged() {
    for (String name : new String[] {"org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire"}) {
      if (LoggerFactory.getLogger(name).isDebugEnabled()) {
        log.warn("Logger {} is at DEBUG and would log the Twilio credentials; set it to INFO", name);
      }
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
