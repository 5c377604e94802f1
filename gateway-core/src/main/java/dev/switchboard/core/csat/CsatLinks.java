package dev.switchboard.core.csat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.LinkKey;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The links of an e-mail survey: {@code <publicUrl>/csat/<token>?score=N}, where the token is the survey id
 * and an HMAC of it under {@code server.linkSecret}, so it cannot be guessed or made for another survey. The
 * token carries no expiry and no use count: the survey row holds both (single use, {@code csat.window}).
 */
public final class CsatLinks {

  /** The path the links point at. */
  public static final String PATH = "/csat/{token}";
  private static final Pattern TOKEN = Pattern.compile("([0-9A-Z]{26})\\.([A-Za-z0-9_-]{43})");

  private final LinkKey key;
  private final Supplier<URI> publicUrl;

  public CsatLinks(LinkKey key, Supplier<URI> publicUrl) {
    this.key = requireNonNull(key, "key");
    this.publicUrl = requireNonNull(publicUrl, "publicUrl");
  }

  /** The token of survey {@code surveyId}. */
  public String token(String surveyId) {
    return surveyId + "." + key.sign("csat\n" + surveyId);
  }

  /** The absolute link that answers survey {@code surveyId} with {@code score}. */
  public URI link(String surveyId, int score) {
    String base = publicUrl.get().toString().replaceAll("/+$", "");
    return URI.create(base + "/csat/" + token(surveyId) + "?score=" + score);
  }

  /** The survey a token names, or empty for a malformed or forged token. */
  public Optional<String> surveyId(String token) {
    java.util.regex.Matcher m = TOKEN.matcher(token == null ? "" : token);
    if (!m.matches() || !key.verifies("csat\n" + m.group(1), m.group(2))) {
      return Optional.empty();
    }
    return Optional.of(m.group(1));
  }
}
