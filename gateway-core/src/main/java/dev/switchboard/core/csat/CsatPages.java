package dev.switchboard.core.csat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.BodyLimit;
import dev.switchboard.core.http.HtmlPage;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.RequestGuard;
import dev.switchboard.core.http.RequestHead;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.store.CsatSurveys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The pages an e-mail survey's links open. {@code GET /csat/{token}?score=N} records the score (the link is
 * the answer, as the issue asks: one click in the mail) and shows a thank-you page with a comment form,
 * which {@code POST}s to the same address. A token that is forged, used or expired, or a score outside 1 to 5,
 * gets a friendly page and records nothing. No script, the gateway's page policy, no Referer.
 */
public final class CsatPages {

  /** The largest comment form accepted; the comment itself is cut at {@link CsatSurvey#MAX_COMMENT}. */
  static final int MAX_FORM_BYTES = 16 * 1024;
  private static final String INVALID = "This link is not valid";
  private static final String INVALID_TEXT = "<p>Check that you opened the whole link from our mail.</p>";

  private final Csat csat;
  private final CsatLinks links;

  CsatPages(Csat csat, CsatLinks links) {
    this.csat = requireNonNull(csat, "csat");
    this.links = requireNonNull(links, "links");
  }

  /** Mounts the pages on {@code routes}, every node: a link may reach any. */
  public static void mount(HttpRoutes routes, Csat csat, CsatLinks links) {
    CsatPages pages = new CsatPages(csat, links);
    routes.get(CsatLinks.PATH, pages::answer);
    routes.add("POST", CsatLinks.PATH, RequestGuard.NONE, new BodyLimit() {
      @Override
      public long maxBytes(RequestHead head) {
        return MAX_FORM_BYTES;
      }

      @Override
      public String message(RequestHead head, long maxBytes) {
        return "A comment form is at most " + maxBytes + " bytes.";
      }
    }, pages::comment);
  }

  private CompletionStage<HttpResponse> answer(HttpRequest request) {
    String token = request.pathParam("token");
    Optional<String> survey = links.surveyId(token);
    if (survey.isEmpty()) {
      csat.refused(Channel.EMAIL);
      return done(HtmlPage.of(404, INVALID, INVALID_TEXT));
    }
    Optional<Integer> score = request.queryParam("score").flatMap(CsatPages::score);
    if (score.isEmpty()) {
      csat.refused(Channel.EMAIL);
      return done(HtmlPage.of(400, "Please choose a score from 1 to 5", "<p>" + scoreLinks(survey.get()) + "</p>"));
    }
    return csat.answerLink(survey.get(), score.get()).thenApply(a -> switch (a.outcome()) {
      case RECORDED -> HtmlPage.of(200, "Thank you!", "<p>You gave us " + score.get() + " out of 5.</p>"
          + "<form method=\"post\" action=\"/csat/" + HtmlPage.escape(token) + "\">"
          + "<p><label for=\"comment\">Anything you would like to add? (optional)</label></p>"
          + "<p><textarea id=\"comment\" name=\"comment\" rows=\"5\" cols=\"50\" maxlength=\"" + CsatSurvey.MAX_COMMENT
          + "\"></textarea></p><p><button type=\"submit\">Send comment</button></p></form>");
      case REPEATED, ALREADY_ANSWERED -> HtmlPage.of(410, "We already have your answer",
          "<p>Thank you: this survey was answered already, and the first answer stands.</p>");
      case EXPIRED -> HtmlPage.of(410, "This survey has closed",
          "<p>Thank you for looking: answers to it are no longer taken.</p>");
      case NOT_ASKED -> HtmlPage.of(404, INVALID, INVALID_TEXT);
    });
  }

  private CompletionStage<HttpResponse> comment(HttpRequest request) {
    Optional<String> survey = links.surveyId(request.pathParam("token"));
    if (survey.isEmpty()) {
      csat.refused(Channel.EMAIL);
      return done(HtmlPage.of(404, INVALID, INVALID_TEXT));
    }
    String comment;
    try {
      comment = field(new String(request.body().bytes(), StandardCharsets.UTF_8), "comment");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      return done(HtmlPage.of(400, "The comment could not be read", "<p>Please go back and send it again.</p>"));
    }
    return csat.commentLink(survey.get(), comment).thenApply(a -> switch (a.outcome()) {
      case RECORDED -> HtmlPage.of(200, "Thank you for your comment", "<p>You can close this page.</p>");
      case ALREADY_ANSWERED, REPEATED -> HtmlPage.of(comment.isBlank() ? 400 : 410,
          comment.isBlank() ? "The comment is empty" : "We already have your comment",
          comment.isBlank() ? "<p>Please go back and write something.</p>" : "<p>Thank you.</p>");
      case EXPIRED -> HtmlPage.of(410, "This survey has closed", "<p>Comments to it are no longer taken.</p>");
      case NOT_ASKED -> HtmlPage.of(404, "Choose a score first", "<p>Open one of the links in our mail.</p>");
    });
  }

  private String scoreLinks(String surveyId) {
    StringBuilder b = new StringBuilder();
    for (int s = CsatSurvey.MIN_SCORE; s <= CsatSurvey.MAX_SCORE; s++) {
      b.append("<a href=\"").append(HtmlPage.escape(links.link(surveyId, s).getRawPath())).append("?score=")
          .append(s).append("\">").append(s).append("</a> ");
    }
    return b.toString().trim();
  }

  private static Optional<Integer> score(String v) {
    String t = v.trim();
    return t.matches("[0-9]{1,3}") && CsatSurvey.validScore(Integer.parseInt(t))
        ? Optional.of(Integer.parseInt(t)) : Optional.empty();
  }

  /** One field of a form body ({@code application/x-www-form-urlencoded}); empty when it is absent. */
  static String field(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
