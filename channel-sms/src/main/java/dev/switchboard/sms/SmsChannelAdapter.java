package dev.switchboard.sms;

import com.twilio.http.TwilioRestClient;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.GatewayContext;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.Channel;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
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

  private volatile TwilioSender sender;
  private RebasingHttpClient twilioHttp;
  private ExecutorService sendExecutor;
  private ScheduledExecutorService scheduler;

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public boolean enabled(GatewayConfig config) {
    return config.channels().sms() != null;
  }

  @Override
  public void start(GatewayContext ctx) {
    SmsSettings settings = SmsSettings.from(ctx.config());
    warnIfCredentialsWouldBeLogged();
    SmsMetrics metrics = new SmsMetrics(ctx.meters());
    WebhookGuard guard = new WebhookGuard(settings, metrics);
    OptOut optOut = new OptOut(ctx.store(), ctx.clock());

    sendExecutor = Executors.newFixedThreadPool(SEND_THREADS, daemonThreads("sms-twilio-"));
    scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("sms-status-"));
    twilioHttp = new RebasingHttpClient(settings.usesTwilioApi() ? null : settings.apiBaseUrl());
    TwilioRestClient client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken().reveal())
        .httpClient(twilioHttp)
        .build();
    sender = new TwilioSender(settings, client, sendExecutor, metrics,
        m -> optOut.optedOutAtProvider(m.contact().id()).exceptionally(e -> {
          log.warn("Could not record the opt-out of contact {}", m.contact().id(), e);
          return null;
        }));

    MediaFetcher media = new MediaFetcher(settings, ctx.blobs(), metrics, MediaFetcher.newHttpClient());
    ctx.routes()
        .post(SmsSettings.INBOUND_PATH,
            new InboundSmsHandler(settings, guard, media, ctx.ingest(), ctx.store(), optOut, metrics,
                ctx.clock()))
        .post(SmsSettings.STATUS_PATH,
            new StatusCallbackHandler(guard, ctx.store(), ctx.events(), metrics, scheduler));
    log.info("SMS channel started: numbers {}, Twilio API {}, webhooks under {}", settings.numbers(),
        settings.apiBaseUrl(), settings.publicUrl());
  }

  @Override
  public CompletionStage<Delivery> send(OutboundMessage message) {
    TwilioSender s = sender;
    if (s == null) {
      return CompletableFuture.completedFuture(new Delivery.Retry("the SMS channel is not started"));
    }
    return s.send(message);
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
