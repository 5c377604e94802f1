package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.continuity.ChatReopenLinks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * Which visitor a {@code hello} speaks for: a random token (its SHA-256), a signed visitor token (checked
 * here), a reopen link from a continuity forward (exchanged for a signed visitor token of the same visitor),
 * or none (a new visitor). A reopen is counted in {@code switchboard.chat.reopen{result}}.
 */
final class ChatReopen {

  /** The token the connection goes on with, or the error frame's code and text. */
  record Outcome(Optional<VisitorToken> token, String code, String message) {
    static Outcome of(VisitorToken token) {
      return new Outcome(Optional.of(token), null, null);
    }

    static Outcome refused(String code, String message) {
      return new Outcome(Optional.empty(), code, message);
    }
  }

  private final ChatReopenLinks links;
  private final MeterRegistry meters;

  ChatReopen(ChatReopenLinks links, MeterRegistry meters) {
    this.links = requireNonNull(links, "links");
    this.meters = requireNonNull(meters, "meters");
  }

  /** The visitor {@code hello} opens; a reopen link wins over a token the browser already holds. */
  Outcome resolve(ClientFrame.Hello hello) {
    if (hello.reopen() != null) {
      return reopen(hello.reopen());
    }
    return token(hello.visitorToken());
  }

  /** A token as a browser holds it (hello, an upload): empty if it is a forged signed token. */
  Optional<VisitorToken> known(String token) {
    if (!ChatReopenLinks.isSignedVisitorToken(token)) {
      return Optional.of(new VisitorToken(token));
    }
    return links.visitorOf(token).map(id -> new VisitorToken(token));
  }

  private Outcome token(String token) {
    if (token == null) {
      return Outcome.of(VisitorToken.mint());
    }
    return known(token).map(Outcome::of).orElseGet(() -> Outcome.refused("bad_token",
        "The visitor token is not one the gateway made; send hello without one to start a new chat."));
  }

  private Outcome reopen(String reopen) {
    ChatReopenLinks.Opened opened = links.check(reopen);
    count(opened.check());
    return switch (opened.check()) {
      case VALID -> Outcome.of(new VisitorToken(links.visitorToken(opened.visitorId().orElseThrow())));
      case EXPIRED -> Outcome.refused("reopen_expired",
          "This link to your chat has expired; start a new chat, or answer the e-mail or text instead.");
      case MALFORMED, FORGED -> Outcome.refused("reopen_invalid", "This link is not one the gateway made.");
    };
  }

  private void count(ChatReopenLinks.Check check) {
    String result = switch (check) {
      case VALID -> "opened";
      case EXPIRED -> "expired";
      case MALFORMED, FORGED -> "invalid";
    };
    Counter.builder("switchboard.chat.reopen").description("Chats reopened from a continuity link, by outcome")
        .tag("result", result).register(meters).increment();
  }
}
