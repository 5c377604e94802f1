package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.ConversationStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one raw mail from any source (the IMAP reader, {@code POST /email/inbound}) into the store:
 * spool, normalize, ingest. {@link #take} spools and parses at once (on the caller's thread: a parsing
 * pool, never an event loop) and completes after the commit, so the caller acknowledges only then.
 */
final class MailIntake {

  private static final Logger log = LoggerFactory.getLogger(MailIntake.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

  /** The store did not take the mail (down, timed out): nothing was acknowledged, try again later. */
  static final class StoreUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final MailLimits limits;
  private final MailSpool spool;
  private final MimeNormalizer normalizer;
  private final Ingest ingest;
  private final ConversationStore store;
  private final Clock clock;
  private final EmailMetrics metrics;
  private final CopyPolicy copies;

  MailIntake(MailLimits limits, MailSpool spool, MimeNormalizer normalizer, Ingest ingest, ConversationStore store,
      Clock clock, EmailMetrics metrics, CopyPolicy copies) {
    this.limits = requireNonNull(limits, "limits");
    this.spool = requireNonNull(spool, "spool");
    this.normalizer = requireNonNull(normalizer, "normalizer");
    this.ingest = requireNonNull(ingest, "ingest");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    this.copies = requireNonNull(copies, "copies");
  }

  /**
   * Spools and normalizes the mail now (blocking: call it from a reader's thread or a pool for such
   * work), then completes once the store has committed it, or fails with {@link StoreUnavailableException}
   * when the store refused it or did not commit it within 30 s.
   *
   * @throws IOException when the raw mail cannot be read (the client went away) or attachments cannot be stored
   */
  CompletionStage<IntakeOutcome> take(MailSpool.Source raw, String source, Instant arrivedAt,
      Map<String, String> extra) throws IOException {
    Normalization normalization;
    try (SpooledMail spooled = spool.spool(raw, limits.maxBytes())) {
      normalization = normalizer.normalize(spooled);
    } catch (MailSpool.TooLargeException e) {
      normalization = new Normalization.Refused(Refusal.TOO_LARGE, e.getMessage());
    }
    if (normalization instanceof Normalization.Refused r) {
      metrics.refused(source, r.reason());
      return CompletableFuture.completedFuture(new IntakeOutcome.Refused(r.reason(), r.message()));
    }
    NormalizedMail mail = ((Normalization.Accepted) normalization).mail();
    return commit(toInbound(mail, source, extra)).thenApply(result -> {
      boolean duplicate = result instanceof IngestResult.Duplicate;
      metrics.received(source, duplicate);
      metrics.intakeLatency(source, Duration.between(arrivedAt, clock.instant()));
      if (!duplicate && !mail.automated()) {
        rememberCopies(result, mail);
      }
      return new IntakeOutcome.Taken(result);
    });
  }

  /** Counts a refusal decided before the intake saw the mail (the IMAP size alone, say). */
  void countRefusal(String source, Refusal reason) {
    metrics.refused(source, reason);
  }

  /** The ingest's commit, bounded in time on a copy (never on the ingest's own stage); a failure is unavailability. */
  private CompletionStage<IngestResult> commit(InboundMessage message) {
    return ingest.accept(message).toCompletableFuture().copy()
        .orTimeout(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle((result, failure) -> {
          if (failure == null) {
            return result;
          }
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          throw new CompletionException(cause instanceof TimeoutException
              ? new StoreUnavailableException("the store did not commit the mail within " + COMMIT_TIMEOUT, cause)
              : new StoreUnavailableException("the store refused the mail: " + cause, cause));
        });
  }

  private InboundMessage toInbound(NormalizedMail mail, String source, Map<String, String> extra) {
    Map<String, String> metadata = new LinkedHashMap<>(mail.metadata());
    metadata.put("source", source);
    metadata.putAll(extra);
    return InboundMessage.builder(Channel.EMAIL, mail.sender(), mail.messageId(), mail.messageId())
        .senderName(mail.senderName())
        .references(mail.references())
        .conversationRef(mail.conversationRef())
        .subject(mail.subject())
        .text(mail.text())
        .fullText(mail.fullText())
        .html(mail.html())
        .attachments(mail.attachments())
        .automated(mail.automated())
        .metadata(metadata)
        .receivedAt(clock.instant())
        .build();
  }

  /**
   * Keeps whom the customer wrote to besides us (their To and Cc, as {@link CopyPolicy} allows), so that
   * our replies copy the same people. Stored per conversation; the customer's latest mail wins. A new
   * conversation whose first mail copies no one writes nothing (one store write less for most mails).
   */
  private void rememberCopies(IngestResult result, NormalizedMail mail) {
    List<String> named = new ArrayList<>(mail.to());
    named.addAll(mail.cc());
    CopyPolicy.Choice choice = copies.choose(named, mail.sender().value());
    choice.dropped().forEach(metrics::copiesDropped);
    if (!choice.dropped().isEmpty()) {
      log.info("Conversation {}: replies copy {} of the addresses the mail named; left out: {}",
          result.conversationId(), choice.kept().size(), choice.dropped());
    }
    if (choice.kept().isEmpty() && result instanceof IngestResult.Stored stored && stored.newConversation()) {
      return; // a new conversation has no list to replace, and no list copies no one: nothing to write
    }
    store.channelState().put(Channel.EMAIL, ReplyCopies.key(result.conversationId()), Json.writeString(choice.kept()))
        .whenComplete((ok, e) -> {
          if (e != null) {
            log.warn("Could not keep the Cc list of conversation {}: {}", result.conversationId(), e.toString());
          }
        });
  }
}
