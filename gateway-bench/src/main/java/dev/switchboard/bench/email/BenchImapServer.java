package dev.switchboard.bench.email;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.switchboard.bench.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The IMAP server under the bench: the one support mailbox the gateway reads on 127.0.0.1, and the way the
 * bench puts mail into it. {@link #deliver} returns once the mail is in the box (a reader searching now finds
 * it), so a delivery is timed the same way whatever the server. {@code --imap-server=greenmail} (the default)
 * runs GreenMail inside the bench; {@code --imap-server=dovecot} a private Dovecot process, a production server.
 */
interface BenchImapServer extends AutoCloseable {

  String ADDRESS = "support@bench.test";
  String PASSWORD = "bench-imap-password";

  /** A mail made ready before the clock starts: its bytes (for a server over a socket) and parsed (for GreenMail). */
  record ReadyMail(byte[] raw, MimeMessage parsed) {
    static ReadyMail of(String mail) {
      return new ReadyMail(mail.getBytes(StandardCharsets.UTF_8), GreenMailUtil.newMimeMessage(mail));
    }
  }

  /** The servers the bench can run. */
  enum Kind {
    GREENMAIL,
    DOVECOT;

    static Kind of(Flags flags) {
      String name = flags.string("imap-server", "greenmail");
      for (Kind kind : values()) {
        if (kind.name().toLowerCase(Locale.ROOT).equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("--imap-server=" + name + " (expected: greenmail or dovecot)");
    }
  }

  /**
   * Starts the server {@code --imap-server} names, with the mailbox {@link #ADDRESS} / {@link #PASSWORD}; a
   * server with files keeps them under {@code scratch} (the run's directory, deleted after it).
   */
  static BenchImapServer start(Flags flags, Path scratch) throws Exception {
    return switch (Kind.of(flags)) {
      case GREENMAIL -> GreenMailServer.start(ADDRESS, PASSWORD);
      case DOVECOT -> DovecotServer.start(DovecotServer.binary(flags),
          DovecotConfig.MailFormat.of(flags.string("dovecot-mail", "mdbox")), scratch.resolve("dovecot"), ADDRESS,
          PASSWORD);
    };
  }

  Kind kind();

  /** The IMAP port on 127.0.0.1. */
  int port();

  /** Puts one mail into the mailbox; returns once it is there. Called from one thread at a time. */
  void deliver(ReadyMail mail) throws Exception;

  /** Puts the mails into the mailbox in order, each as its own delivery; returns once all are there. */
  void deliver(List<ReadyMail> mails) throws Exception;

  /** Mails in the mailbox now. */
  int messageCount() throws Exception;

  @Override
  void close() throws Exception;
}
