package dev.switchboard.core.attachments;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.desk.AgentTokens;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.RequestHead;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.StoredAttachment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /api/attachments/{id}} (an agent who may see the conversation, or an admin),
 * {@code POST /api/attachments?conversationId=&filename=} (an agent who may write to it, or an admin) and
 * {@code GET /media/{id}?expires=&sig=} (a signed, expiring link; see {@link AttachmentLinks}). Who may see
 * a conversation is the router's to say: its assignee, the agent it is offered to, a supervisor.
 */
public final class AttachmentsApi {

  private final ConversationStore store;
  private final BlobStore blobs;
  private final AdminAuth admins;
  private final AgentTokens agents;
  private final Supplier<Router> router;
  private final AttachmentIntake intake;
  private final AttachmentLinks links;

  /** {@code router} is the router while this node leads, else {@code null}. */
  public AttachmentsApi(ConversationStore store, BlobStore blobs, AdminAuth admins, AgentTokens agents,
      Supplier<Router> router, AttachmentIntake intake, AttachmentLinks links) {
    this.store = requireNonNull(store, "store");
    this.blobs = requireNonNull(blobs, "blobs");
    this.admins = requireNonNull(admins, "admins");
    this.agents = requireNonNull(agents, "agents");
    this.router = requireNonNull(router, "router");
    this.intake = requireNonNull(intake, "intake");
    this.links = requireNonNull(links, "links");
  }

  public void mount(HttpRoutes routes) {
    routes.add("GET", "/api/attachments/{id}", head -> Viewer.of(head, admins, agents), this::download);
    routes.add("POST", "/api/attachments", this::checkUpload, intake.largestLimit(), this::upload);
    routes.get(AttachmentLinks.PATH, this::linked);
  }

  private CompletionStage<HttpResponse> download(HttpRequest request) {
    Viewer viewer = Viewer.of(request, admins, agents);
    String id = request.pathParam("id");
    return store.attachments().find(id).thenCompose(found -> {
      StoredAttachment a = found.orElseThrow(() -> HttpException.notFound("No attachment " + id + "."));
      return maySee(viewer, a.conversationId()).thenCompose(allowed -> {
        if (!allowed) {
          throw new HttpException(403, "forbidden", "Attachment " + id + " belongs to conversation "
              + a.conversationId() + ", which is not yours, nor offered to you.");
        }
        return Downloads.of(a.ref(), blobs, "private, no-store");
      });
    });
  }

  private void checkUpload(RequestHead head) {
    Viewer.of(head, admins, agents);
    if (head.queryParam("conversationId").filter(s -> !s.isBlank()).isEmpty()
        || head.queryParam("filename").filter(s -> !s.isBlank()).isEmpty()) {
      throw HttpException.badRequest("missing_parameter",
          "An upload names its conversation and file: POST /api/attachments?conversationId=…&filename=….");
    }
  }

  private CompletionStage<HttpResponse> upload(HttpRequest request) {
    Viewer viewer = Viewer.of(request, admins, agents);
    ConversationId id = new ConversationId(request.queryParam("conversationId").orElseThrow());
    String filename = request.queryParam("filename").orElseThrow();
    return store.conversation(id).thenCompose(found -> {
      Conversation c = found.orElseThrow(() -> HttpException.notFound("No conversation " + id + "."));
      return mayWrite(viewer, id).thenCompose(allowed -> {
        if (!allowed) {
          throw new HttpException(403, "forbidden", "Only the assignee or a supervisor may attach files to " + id + ".");
        }
        return intake.store(request, c.channel(), filename);
      });
    }).thenCompose(content -> store.attachments().recordUpload(id, viewer.name(), content))
        .thenApply(stored -> HttpResponse.json(201, json(stored.ref())));
  }

  private CompletionStage<HttpResponse> linked(HttpRequest request) {
    String id = request.pathParam("id");
    AttachmentLinks.Check check = links.check(id, request.queryParam("expires").orElse(null),
        request.queryParam("sig").orElse(null));
    if (check != AttachmentLinks.Check.VALID) {
      throw new HttpException(403, "link_" + check.name().toLowerCase(java.util.Locale.ROOT),
          check == AttachmentLinks.Check.EXPIRED ? "This link has expired." : "This link is not valid.");
    }
    return store.attachments().find(id).thenCompose(found -> Downloads.of(
        found.orElseThrow(() -> HttpException.notFound("No attachment " + id + ".")).ref(), blobs, "private, max-age=300"));
  }

  /** The JSON an upload answers with: the attachment as messages list it. */
  static Map<String, Object> json(AttachmentRef ref) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", ref.id());
    body.put("filename", ref.filename());
    body.put("contentType", ref.contentType());
    body.put("size", ref.size());
    body.put("url", ref.url());
    return body;
  }

  private CompletionStage<Boolean> maySee(Viewer viewer, ConversationId id) {
    if (viewer instanceof Viewer.Agent agent) {
      Router r = leadingRouter();
      return r.state(agent.id()).thenCombine(r.mayWrite(agent.id(), id), (state, may) -> may
          || state.offers().stream().anyMatch(o -> o.conversation().id().equals(id)));
    }
    return CompletableFuture.completedFuture(true);
  }

  private CompletionStage<Boolean> mayWrite(Viewer viewer, ConversationId id) {
    if (viewer instanceof Viewer.Agent agent) {
      return leadingRouter().mayWrite(agent.id(), id);
    }
    return CompletableFuture.completedFuture(true);
  }

  private Router leadingRouter() {
    Router r = router.get();
    if (r == null) {
      throw new HttpException(503, "not_leader", "Agents' access is decided by the router, which does not run on "
          + "this node now; try again shortly.");
    }
    return r;
  }
}
