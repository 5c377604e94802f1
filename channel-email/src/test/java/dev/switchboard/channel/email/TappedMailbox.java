package dev.switchboard.channel.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real GreenMail (SMTP and IMAP on free ports, with the support user) and an {@link ImapCommandTap} in
 * front of its IMAP port, with a fresh {@link EmailRig} in a temporary folder for each test: the setup of
 * the tests that count or steer a reader's IMAP commands on the wire. Register it as a static extension.
 */
final class TappedMailbox implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  static final String PASSWORD = "support-secret";

  private final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(EmailRig.SUPPORT, EmailRig.SUPPORT, PASSWORD));
  private Path dir;
  private EmailRig rig;
  private Mailboxes mailboxes;
  private ImapCommandTap tap;

  @Override
  public void beforeAll(ExtensionContext context) {
    greenMail.beforeAll(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    greenMail.beforeEach(context);
    dir = Files.createTempDirectory("tapped-mailbox");
    rig = new EmailRig(dir);
    mailboxes = new Mailboxes(greenMail);
    tap = new ImapCommandTap(greenMail.getImap().getPort());
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      tap.release(); // a command still held would keep its reader from closing
      rig.close();
      tap.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } finally {
      greenMail.afterEach(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    greenMail.afterAll(context);
  }

  GreenMailExtension greenMail() {
    return greenMail;
  }

  EmailRig rig() {
    return rig;
  }

  Mailboxes mailboxes() {
    return mailboxes;
  }

  ImapCommandTap tap() {
    return tap;
  }

  /** A reader of the support INBOX through the tap, over IDLE, nudged every {@code pollInterval}; not started. */
  ImapReader reader(Duration pollInterval) {
    return rig.reader(EmailRig.imapNudgedEvery(tap.port(), pollInterval));
  }

  /** A reader through the tap whose acknowledgements are at least {@code ackGap} apart. */
  ImapReader reader(Duration pollInterval, Duration ackGap) {
    return rig.reader(EmailRig.imapNudgedEvery(tap.port(), pollInterval), ackGap);
  }

  /** The subjects and \Seen flags of the support INBOX, read past the tap. */
  List<Mailboxes.Entry> inbox() throws Exception {
    return mailboxes.folder(EmailRig.SUPPORT, PASSWORD, "INBOX");
  }
}
