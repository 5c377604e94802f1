package dev.switchboard.core.channel;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
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

  /**
   * The gateway's address as the outside sees it: {@code server.publicUrl}, or, when the file sets
   * neither it nor the port (port 0, tests), {@code http://localhost:<the port actually bound>}.
   * Ask for it when a request arrives, not at start: the port is bound after the channels start.
   */
  default URI publicUrl() {
    return config().server().publicUrl();
  }

  /**
   * Runs {@code singleton} (an IMAP reader, say: work one node of a cluster must do alone) while this node
   * leads: on a single node at once, until the gateway stops; in a cluster from each time the node gains
   * the lease until it loses it. Outside a running gateway (a test harness) it starts at once, for good.
   */
  default void whileLeading(String name, dev.switchboard.core.cluster.Singleton singleton) throws Exception {
    singleton.start(dev.switchboard.core.cluster.LeaderTerm.single(store()));
  }

  /**
   * Signed, expiring links to stored attachments, for those who hold no token: Twilio fetching MMS media,
   * a chat visitor's browser.
   */
  dev.switchboard.core.attachments.AttachmentLinks attachmentLinks();

  /**
   * The signed links that reopen a chat on another device (in continuity forwards) and the visitor tokens
   * they are exchanged for. Outside a running gateway (a test harness) one with a random key.
   */
  default dev.switchboard.core.continuity.ChatReopenLinks chatReopenLinks() {
    return new dev.switchboard.core.continuity.ChatReopenLinks(new dev.switchboard.core.http.LinkKey(null),
        this::publicUrl, clock());
  }

  /** Takes uploaded files into the blob store under a channel's size and type limits (the chat's paperclip). */
  dev.switchboard.core.attachments.AttachmentIntake attachmentIntake();

  /**
   * Where a channel hands a customer's satisfaction answer (stored, counted, shown to the agent). Outside a
   * running gateway (a test harness) one over this context's store and bus.
   */
  default dev.switchboard.core.csat.Csat csat() {
    return new dev.switchboard.core.csat.Csat(store().csat(), events(), meters());
  }

  /** Admin bearer-token check, for channel endpoints that take admin credentials ({@code POST /email/inbound}). */
  AdminAuth adminAuth();
}
