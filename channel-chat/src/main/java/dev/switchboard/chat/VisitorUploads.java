package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.admin.BearerAdminAuth;
import dev.switchboard.core.attachments.AttachmentIntake;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.RequestHead;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The widget's paperclip: {@code POST /chat/attachments?filename=&clientId=} with the file as the body and
 * {@code Authorization: Bearer <visitor token>}. The file is taken in under the chat's limits (413 naming
 * the limit, 415 for a refused type; {@link AttachmentIntake} counts both), then stored as the visitor's
 * message in their conversation, deduplicated by {@code clientId} like a typed one, so the agent gets it as
 * any message. The answer and the visitor's open sockets carry the message with a signed link to the file.
 * Pages on another allowed origin get CORS headers (a preflight is answered too); a refusal made before
 * the body is read (a bad token, the declared size) carries none, so such a page sees only that it failed.
 */
final class VisitorUploads {

  static final String PATH = "/chat/attachments";
  private static final Logger log = LoggerFactory.getLogger(VisitorUploads.class);
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ChatRuntime rt;
  private final AttachmentIntake intake;
  private final OriginPolicy origins;

  VisitorUploads(ChatRuntime rt, AttachmentIntake intake, OriginPolicy origins) {
    this.rt = requireNonNull(rt, "rt");
    this.intake = requireNonNull(intake, "intake");
    this.origins = requireNonNull(origins, "origins");
  }

  void mount(HttpRoutes routes) {
    routes.add("POST", PATH, this::check, intake.limitFor(Channel.CHAT), this::upload);
    routes.add("OPTIONS", PATH, this::preflight);
  }

  /** Before the body is read: the page's origin, the visitor's token and the parameters. */
  private void check(RequestHead head) {
    Optional<String> origin = head.header("origin");
    if (origin.isPresent() && !origins.allows(origin)) {
      throw refused("origin_not_allowed", 403,
          "This page's origin may not use the chat; add it to channels.chat.allowedOrigins.");
    }
    visitorToken(head);
    if (head.queryParam("filename").filter(s -> !s.isBlank()).isEmpty()
        || !head.queryParam("clientId").filter(s -> CLIENT_ID.matcher(s).matches()).isPresent()) {
      throw refused("bad_request", 400, "An upload names its file and a clientId (1 to 64 letters, digits, _ or -): "
          + "POST " + PATH + "?filename=…&clientId=….");
    }
  }

  private CompletionStage<HttpResponse> upload(HttpRequest request) {
    VisitorToken token = visitorToken(request);
    String visitorId = token.visitorId();
    String clientId = request.queryParam("clientId").orElseThrow();
    if (!rt.messageRate().tryAcquire(visitorId)) {
      rt.metrics().error("rate_limited");
      return CompletableFuture.completedFuture(withCors(request,
          HttpResponse.error(429, "rate_limited", "Too many messages; wait a moment and send again.")));
    }
    return intake.store(request, Channel.CHAT, request.queryParam("filename").orElseThrow())
        .thenCompose(ref -> rt.ingest().accept(inbound(visitorId, clientId, ref)))
        .thenCompose(result -> rt.store().message(result.messageId()).thenApply(m -> stored(visitorId, result, m)))
        .handle((answer, failure) -> withCors(request, failure == null ? answer : failed(failure)));
  }

  private InboundMessage inbound(String visitorId, String clientId, Blob file) {
    return VisitorInbound.builder(visitorId, clientId)
        .attachments(List.of(file))
        .receivedAt(rt.clock().instant())
        .build();
  }

  /** Tells the visitor's open tabs (the one that uploaded included) and answers with the message. */
  private HttpResponse stored(String visitorId, IngestResult result, Optional<Message> found) {
    boolean duplicate = result instanceof IngestResult.Duplicate;
    rt.metrics().messageStored(duplicate);
    Message m = found.orElseThrow(() -> new IllegalStateException("message " + result.messageId() + " not readable"));
    ServerFrame.ChatMessage shown = rt.messages().of(m);
    rt.visitors().find(visitorId).ifPresent(v -> {
      rt.visitors().bind(v, result.conversationId().value());
      if (!duplicate) {
        v.broadcast(new ServerFrame.MessageFrame(shown, false), null);
      }
    });
    String body = Json.stream(out -> {
      out.writeStartObject();
      out.writeStringField("messageId", m.id().value());
      out.writeStringField("conversationId", result.conversationId().value());
      out.writeBooleanField("duplicate", duplicate);
      out.writeFieldName("message");
      shown.write(out);
      out.writeEndObject();
    });
    return new HttpResponse(201, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private HttpResponse failed(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof HttpException e) { // 413 and 415 from the intake, which counts them
      return HttpResponse.error(e.status(), e.code(), e.getMessage());
    }
    log.warn("A chat visitor's file was not stored", cause);
    rt.metrics().error("not_stored");
    return HttpResponse.error(503, "not_stored", "The file was not saved; please send it again.");
  }

  private CompletionStage<HttpResponse> preflight(HttpRequest request) {
    Optional<String> origin = request.header("origin");
    if (!origins.allows(origin)) {
      return CompletableFuture.completedFuture(
          HttpResponse.error(403, "origin_not_allowed", "This page's origin may not use the chat."));
    }
    return CompletableFuture.completedFuture(new HttpResponse(204, "text/plain", null, Map.of(
        "Access-Control-Allow-Origin", origin.get(),
        "Access-Control-Allow-Methods", "POST",
        "Access-Control-Allow-Headers", "Authorization, Content-Type",
        "Access-Control-Max-Age", "600",
        "Vary", "Origin")));
  }

  private HttpResponse withCors(HttpRequest request, HttpResponse response) {
    Optional<String> origin = request.header("origin");
    return origin.isPresent() && origins.allows(origin)
        ? response.withHeader("Access-Control-Allow-Origin", origin.get()).withHeader("Vary", "Origin")
        : response;
  }

  private VisitorToken visitorToken(RequestHead head) {
    Optional<String> token = BearerAdminAuth.bearerToken(head);
    if (token.isEmpty() || !VisitorToken.isWellFormed(token.get())) {
      throw refused("bad_token", 401, "Send the visitor token of the chat as Authorization: Bearer <token>.");
    }
    return rt.reopen().known(token.get()).orElseThrow(() -> refused("bad_token", 401,
        "The visitor token is not one the gateway made."));
  }

  private HttpException refused(String code, int status, String message) {
    rt.metrics().error(code);
    return new HttpException(status, code, message);
  }
}
