package dev.switchboard.core.contacts;

import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.HtmlPage;
import dev.switchboard.core.store.EmailProof;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The pages a proof link opens. {@code GET /chat/verify/{token}} changes nothing (mail scanners fetch
 * links): it shows a button that {@code POST}s to the same address, and the POST uses the token. No
 * script, so the gateway's page policy holds; the token never leaves in a Referer.
 */
final class ProofPages {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final EmailProofs proofs;

  ProofPages(EmailProofs proofs) {
    this.proofs = proofs;
  }

  void mount(HttpRoutes routes) {
    routes.get("/chat/verify/{token}", this::confirm);
    routes.post("/chat/verify/{token}", this::use);
  }

  private CompletionStage<HttpResponse> confirm(HttpRequest request) {
    String token = request.pathParam("token");
    if (!TOKEN.matcher(token).matches()) {
      return done(page(404, "This link is not valid", "Check that you opened the whole link from the mail."));
    }
    return done(page(200, "Confirm your e-mail address", "<form method=\"post\" action=\"/chat/verify/" + token
        + "\"><button type=\"submit\">Yes, this address is mine</button></form>"));
  }

  private CompletionStage<HttpResponse> use(HttpRequest request) {
    String token = request.pathParam("token");
    if (!TOKEN.matcher(token).matches()) {
      return done(page(404, "This link is not valid", "Check that you opened the whole link from the mail."));
    }
    return proofs.prove(token).thenApply(check -> {
      if (check instanceof EmailProof.Proved) {
        return page(200, "Thank you", "Your address is confirmed. Our team now sees your chat and your e-mails "
            + "together. You can close this page.");
      } else if (check instanceof EmailProof.Expired) {
        return page(410, "This link has expired", "Type your e-mail address in the chat again for a new one.");
      } else if (check instanceof EmailProof.Used) {
        return page(410, "This link was used already", "Your address was confirmed with it.");
      }
      return page(404, "This link is not valid", "Check that you opened the whole link from the mail.");
    });
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private static HttpResponse page(int status, String title, String body) {
    return HtmlPage.of(status, title, "<p>" + body + "</p>");
  }
}
