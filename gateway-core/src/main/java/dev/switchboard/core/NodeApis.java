package dev.switchboard.core;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.core.admin.ConversationsApi;
import dev.switchboard.core.admin.ReportsApi;
import dev.switchboard.core.admin.SearchApi;
import dev.switchboard.core.attachments.AttachmentIntake;
import dev.switchboard.core.attachments.AttachmentLinks;
import dev.switchboard.core.attachments.AttachmentRules;
import dev.switchboard.core.attachments.AttachmentsApi;
import dev.switchboard.core.cluster.ClusterApi;
import dev.switchboard.core.contacts.ContactMerges;
import dev.switchboard.core.contacts.ContactsApi;
import dev.switchboard.core.contacts.EmailProofs;
import dev.switchboard.core.continuity.ChatReopenLinks;
import dev.switchboard.core.csat.Csat;
import dev.switchboard.core.csat.CsatLinks;
import dev.switchboard.core.csat.CsatPages;
import dev.switchboard.core.desk.AgentTokens;
import dev.switchboard.core.http.BoundedExecutor;
import dev.switchboard.core.http.LinkKey;
import dev.switchboard.core.search.Searches;
import dev.switchboard.core.store.Stores;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every node serves, leader or not, from the store: the admin APIs (conversations, contacts, reports,
 * search, the cluster's state), e-mail proofs, attachments and their signed links, the satisfaction pages
 * and the chat's reopen links. Nothing here needs the router except through {@link Gateway#router()}, which
 * is null on a follower (a proof's merge is then followed by the leader's router).
 */
final class NodeApis implements AutoCloseable {

  private final EmailProofs proofs;
  private final BoundedExecutor disk;
  private final AttachmentLinks attachmentLinks;
  private final ChatReopenLinks chatReopenLinks;
  private final AttachmentIntake attachmentIntake;
  private final CsatLinks csatLinks;
  private final Csat csat;

  /** Mounts them all on the gateway's routes. */
  NodeApis(Gateway g, RunningGatewayContext context) {
    GatewayConfig cfg = g.config().get();
    Stores stores = g.stores();
    new ConversationsApi(stores.conversations(), g.adminAuth()).mount(g.routes());
    new ContactsApi(stores.contacts(), g.adminAuth()).mountReads(g.routes());
    // Proofs run on every node (a link may reach any); the router follows a proof's merge where it runs.
    proofs = new EmailProofs(stores.contacts(), new ContactMerges(stores.contacts(), g::router, g.events(), g.meters()),
        g.events(), context::publicUrl, g.meters());
    proofs.mount(g.routes());
    new ReportsApi(stores.reports(), g.adminAuth(), g.clock(), () -> g.config().get().routing().tiers().stream()
        .collect(LinkedHashMap::new, (m, t) -> m.put(t.name(), t.firstResponse()), Map::putAll)).mount(g.routes());
    new SearchApi(new Searches(stores.conversations(), g.meters(), Searches.DEFAULT_MAX_IN_FLIGHT), g.adminAuth())
        .mount(g.routes());

    disk = new BoundedExecutor("attachments", 2, 64, g.meters());
    attachmentLinks = new AttachmentLinks(linkSecret(cfg), context::publicUrl, g.clock());
    chatReopenLinks = new ChatReopenLinks(new LinkKey(linkSecret(cfg)), context::publicUrl, g.clock());
    attachmentIntake = new AttachmentIntake(stores.blobs(), new AttachmentRules(g.config()::get), g.meters(), disk);
    new AttachmentsApi(stores.conversations(), stores.blobs(), g.adminAuth(),
        new AgentTokens(() -> g.config().get().agents()), g::router, attachmentIntake, attachmentLinks)
        .mount(g.routes());

    csatLinks = new CsatLinks(new LinkKey(linkSecret(cfg)), context::publicUrl);
    csat = new Csat(stores.conversations().csat(), g.events(), g.meters());
    CsatPages.mount(g.routes(), csat, csatLinks);
    new ClusterApi(g.cluster(), g.adminAuth()).mount(g.routes());
  }

  /** The key that signs the links the gateway hands out, or {@code null} when none is configured. */
  private static byte[] linkSecret(GatewayConfig cfg) {
    Secret secret = cfg.server().linkSecret();
    return secret == null ? null : secret.reveal().getBytes(StandardCharsets.UTF_8);
  }

  AttachmentLinks attachmentLinks() {
    return attachmentLinks;
  }

  ChatReopenLinks chatReopenLinks() {
    return chatReopenLinks;
  }

  AttachmentIntake attachmentIntake() {
    return attachmentIntake;
  }

  /** What signs the survey links the leader's asks hand out. */
  CsatLinks csatLinks() {
    return csatLinks;
  }

  Csat csat() {
    return csat;
  }

  @Override
  public void close() throws Exception {
    disk.close();
    proofs.close();
  }
}
