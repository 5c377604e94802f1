package dev.switchboard.core;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** The {@link dev.switchboard.core.channel.GatewayContext} a running {@link Gateway} gives its channels. */
final class RunningGatewayContext implements dev.switchboard.core.channel.GatewayContext {

  private final Gateway gateway;

  RunningGatewayContext(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public java.net.URI publicUrl() {
    java.net.URI configured = config().server().publicUrl();
    if (configured.getPort() != 0 || !gateway.listening()) {
      return configured;
    }
    return java.net.URI.create(configured.getScheme() + "://" + configured.getHost() + ":" + gateway.port());
  }

  @Override
  public GatewayConfig config() {
    return gateway.config().get();
  }

  @Override
  public Ingest ingest() {
    return gateway.ingest();
  }

  @Override
  public HttpRoutes routes() {
    return gateway.routes();
  }

  @Override
  public Clock clock() {
    return gateway.clock();
  }

  @Override
  public MeterRegistry meters() {
    return gateway.meters();
  }

  @Override
  public BlobStore blobs() {
    return gateway.stores().blobs();
  }

  @Override
  public ConversationStore store() {
    return gateway.store();
  }

  @Override
  public EventBus events() {
    return gateway.events();
  }

  @Override
  public void whileLeading(String name, dev.switchboard.core.cluster.Singleton singleton) throws Exception {
    gateway.singletons().add(name, singleton);
  }

  @Override
  public dev.switchboard.core.continuity.ChatReopenLinks chatReopenLinks() {
    return gateway.chatReopenLinks();
  }

  @Override
  public dev.switchboard.core.attachments.AttachmentLinks attachmentLinks() {
    return gateway.attachmentLinks();
  }

  @Override
  public dev.switchboard.core.csat.Csat csat() {
    return gateway.csat();
  }

  @Override
  public dev.switchboard.core.attachments.AttachmentIntake attachmentIntake() {
    return gateway.attachmentIntake();
  }

  @Override
  public AdminAuth adminAuth() {
    return gateway.adminAuth();
  }
}
