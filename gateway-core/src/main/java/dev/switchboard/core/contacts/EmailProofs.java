package dev.switchboard.core.contacts;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.store.EmailProof;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links a chat visitor to an e-mail address only with proof that they read that mailbox. On a claim
 * ({@link GatewayEvent.EmailClaimed}) it mails the address a one-time link through the outbox: 256 random
 * bits, of which only the SHA-256 is stored, valid for {@link #VALID_FOR}, at most one mail per address
 * per {@link #COOLDOWN} whoever asks. Following the link ({@link ProofPages}), or a human's mail from the
 * address answering that mail ({@link GatewayEvent.EmailAnswered}, linked by the ingest's own commit),
 * merges the visitor's contact into the address's contact, recorded as made by {@code proof:<id>} and
 * undoable like any merge. Counted in {@code switchboard.contacts.email_proofs{result}}.
 */
public final class EmailProofs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmailProofs.class);
  static final Duration VALID_FOR = Duration.ofHours(24);
  static final Duration COOLDOWN = Duration.ofMinutes(15);
  static final String SUBJECT = "Confirm your e-mail address";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ContactStore contacts;
  private final ContactMerges merges;
  private final Supplier<URI> publicUrl;
  private final MeterRegistry meters;
  private final AutoCloseable subscription;

  public EmailProofs(ContactStore contacts, ContactMerges merges, EventBus events, Supplier<URI> publicUrl,
      MeterRegistry meters) {
    this.contacts = requireNonNull(contacts, "contacts");
    this.merges = requireNonNull(merges, "merges");
    this.publicUrl = requireNonNull(publicUrl, "publicUrl");
    this.meters = requireNonNull(meters, "meters");
    this.subscription = events.subscribe(e -> {
      if (e instanceof GatewayEvent.EmailClaimed claim) {
        request(claim);
      } else if (e instanceof GatewayEvent.EmailAnswered answered) {
        count("answered");
        proved(answered.proof());
      }
    });
  }

  /** Mounts {@code GET} and {@code POST /chat/verify/{token}}. */
  public void mount(HttpRoutes routes) {
    new ProofPages(this).mount(routes);
  }

  private void request(GatewayEvent.EmailClaimed claim) {
    Identity email;
    try {
      email = Identity.email(claim.email());
    } catch (IllegalArgumentException e) {
      count("bad_address");
      return;
    }
    String token = newToken();
    String link = publicUrl.get().toString().replaceAll("/+$", "") + "/chat/verify/" + token;
    String text = "Someone chatting with our support said this address is theirs. If that was you, open this "
        + "link (or answer this mail) to confirm it, and our team will see your chat and your e-mails "
        + "together:\n\n" + link + "\n\n"
        + "The link works once, for " + VALID_FOR.toHours() + " hours. If it was not you, do not answer, just "
        + "ignore this mail: nothing is linked without it.";
    contacts.requestEmailProof(claim.contact(), email, sha256(token), SUBJECT, text, VALID_FOR, COOLDOWN)
        .whenComplete((outcome, err) -> {
          if (err != null) {
            count("failed");
            log.error("Could not ask contact {} to prove an e-mail address", claim.contact(), err);
          } else {
            count(key(outcome.getClass()));
            if (outcome instanceof EmailProof.Requested r) {
              log.info("Contact {} claims an e-mail address: proof {} mailed, valid until {}", claim.contact(),
                  r.proofId(), r.expiresAt());
            }
          }
        });
  }

  /** Uses a token from a link: merges on success; counts every outcome. */
  CompletionStage<EmailProof.Check> prove(String token) {
    return contacts.proveEmail(sha256(token)).thenApply(check -> {
      count(key(check.getClass()));
      if (check instanceof EmailProof.Proved p) {
        proved(p);
      }
      return check;
    });
  }

  private void proved(EmailProof.Proved p) {
    p.merge().ifPresent(merges::merged);
    log.info("Proof {} used: the address is contact {}'s", p.proofId(), p.contact());
  }

  private void count(String result) {
    Counter.builder("switchboard.contacts.email_proofs").description("E-mail proofs asked for and used, by outcome")
        .tag("result", result).register(meters).increment();
  }

  /** {@code AlreadyLinked} → {@code already_linked}. */
  private static String key(Class<?> outcome) {
    return outcome.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void close() throws Exception {
    subscription.close();
  }
}
