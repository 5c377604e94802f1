package dev.switchboard.core.channel;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** What the gateway gives a {@link ChannelAdapter} when it starts. */
public interface GatewayContext {

  /** The whole config; a channel reads its own section. */
  GatewayConfig config();

  Ingest ingest();

  /** Where a channel mounts its HTTP routes and websockets. */
  HttpRoutes routes();

  /** The one source of time. */
  Clock clock();

  /** Metrics; channel meters are named {@code switchboard.<channel>.*}. */
  MeterRegistry meters();

  /** Content-addressed attachment storage. */
  BlobStore blobs();

  /** Reads, delivery updates, contact attributes and the channel's own durable state. */
  ConversationStore store();

  EventBus events();

  /** Admin bearer-token check, for channel endpoints that take admin credentials ({@code POST /email/inbound}). */
  AdminAuth adminAuth();
}
