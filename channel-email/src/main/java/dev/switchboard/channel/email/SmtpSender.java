package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.SmtpConfig;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.ConversationStore;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends agents' replies over SMTP on its own executor and says how it went: {@link Delivery.Sent} with
 * our Message-ID, {@link Delivery.Retry} for what may pass (4xx replies, connection trouble, failed
 * login), {@link Delivery.Failed} with the SMTP code for what will not (5xx replies, bad addresses).
 */
final class SmtpSender {

  private static final Logger log = LoggerFactory.getLogger(SmtpSender.class);
  private static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);

  private final SmtpConfig config;
  private final ReplyComposer composer;
  private final ConversationStore store;
  private final EmailMetrics metrics;
  private final Executor executor;
  private final Session session;

  SmtpSender(SmtpConfig config, ReplyComposer composer, ConversationStore store, EmailMetrics metrics,
      Executor executor) {
    this.config = requireNonNull(config, "config");
    this.composer = requireNonNull(composer, "composer");
    this.store = requireNonNull(store, "store");
    this.metrics = requireNonNull(metrics, "metrics");
    this.executor = requireNonNull(executor, "executor");
    this.session = Session.getInstance(properties(config));
  }

  /** What a reply is built from besides the message: the Cc list and the stored files, read from the store. */
  private record Stored(List<String> copies, List<BlobDataSource> files) {}

  /**
   * Reads the conversation's Cc list and looks up the reply's files in the store (together bounded at
   * {@code STATE_TIMEOUT}), then composes and sends on the SMTP executor; no thread waits for the reads.
   */
  CompletionStage<Delivery> send(OutboundMessage message) {
    CompletableFuture<List<String>> copies = store.channelState()
        .get(Channel.EMAIL, ReplyCopies.key(message.conversation().id())).toCompletableFuture().copy()
        .thenApply(state -> ReplyCopies.parse(state.orElse(null)));
    return copies.thenCombine(composer.files(message), Stored::new)
        .orTimeout(STATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handleAsync((stored, failure) -> failure == null ? sendNow(message, stored) : unread(failure), executor);
  }

  /** A file gone from the store fails for good (a retry cannot bring it back); any other read failure may pass. */
  private Delivery unread(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ReplyComposer.MissingFileException missing) {
      return failed("attachment_missing", missing.getMessage());
    }
    return retry("store", "the conversation's Cc list or files could not be read: " + cause);
  }

  private Delivery sendNow(OutboundMessage out, Stored stored) {
    MimeMessage mail;
    String messageId;
    try {
      mail = composer.compose(session, out, stored.copies(), stored.files());
      messageId = MessageIds.first(mail.getMessageID());
    } catch (ReplyComposer.UnaddressableException e) {
      return failed("invalid_address", e.getMessage());
    } catch (MessagingException e) {
      return failed("compose_failed", "the reply could not be built: " + e.getMessage());
    }
    SMTPTransport transport = null;
    try {
      transport = (SMTPTransport) session.getTransport(config.tls() ? "smtps" : "smtp");
      transport.connect(config.host(), config.port(), config.user(),
          config.password() == null ? null : config.password().reveal());
      transport.sendMessage(mail, mail.getAllRecipients());
      metrics.sent();
      log.debug("Reply {} sent as <{}>", out.message().id(), messageId);
      return new Delivery.Sent(messageId, false);
    } catch (AuthenticationFailedException e) {
      return retry("auth", "the SMTP server refused our login: " + e.getMessage());
    } catch (MessagingException e) {
      int code = code(e, transport);
      if (code >= 500 && code < 600) {
        return failed(Integer.toString(code), "the SMTP server refused the reply: " + oneLine(e));
      }
      return retry(code > 0 ? Integer.toString(code) : "connection", "the SMTP server could not take the reply now: "
          + oneLine(e));
    } finally {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException e) {
          log.debug("SMTP close: {}", e.toString());
        }
      }
    }
  }

  /** The SMTP reply code behind a failure, or 0 when the server never answered (connection trouble). */
  static int code(MessagingException e, SMTPTransport transport) {
    for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
      if (x instanceof SMTPSendFailedException f && f.getReturnCode() > 0) {
        return f.getReturnCode();
      }
      if (x instanceof SMTPAddressFailedException f && f.getReturnCode() > 0) {
        return f.getReturnCode();
      }
      if (x instanceof SMTPSenderFailedException f && f.getReturnCode() > 0) {
        return f.getReturnCode();
      }
    }
    if (e instanceof SendFailedException && transport != null && transport.getLastReturnCode() >= 400) {
      return transport.getLastReturnCode();
    }
    return 0;
  }

  private Delivery retry(String code, String reason) {
    metrics.sendFailure("retry", code);
    log.info("Reply not sent, will retry: {}", reason);
    return new Delivery.Retry(reason);
  }

  private Delivery failed(String code, String reason) {
    metrics.sendFailure("failed", code);
    log.warn("Reply failed for good ({}): {}", code, reason);
    return new Delivery.Failed(code, reason);
  }

  private static String oneLine(MessagingException e) {
    return HeaderValues.oneLine(e.getMessage());
  }

  private static Properties properties(SmtpConfig config) {
    String p = config.tls() ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    props.setProperty(p + "connectiontimeout", "10000");
    props.setProperty(p + "timeout", "30000");
    props.setProperty(p + "auth", Boolean.toString(config.user() != null));
    props.setProperty(p + "ssl.checkserveridentity", "true");
    return props;
  }
}
