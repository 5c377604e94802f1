package dev.switchboard.bench.email;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.bench.TempDir;
import java.util.List;

/** GreenMail inside the bench process: a delivery is an in-memory append, no socket. */
final class GreenMailServer implements BenchImapServer {

  private final GreenMail greenMail;
  private final GreenMailUser mailbox;

  private GreenMailServer(GreenMail greenMail, GreenMailUser mailbox) {
    this.greenMail = greenMail;
    this.mailbox = mailbox;
  }

  static GreenMailServer start(String address, String password) {
    GreenMail greenMail = new GreenMail(new ServerSetup(TempDir.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    greenMail.start();
    return new GreenMailServer(greenMail, greenMail.setUser(address, address, password));
  }

  @Override
  public Kind kind() {
    return Kind.GREENMAIL;
  }

  @Override
  public int port() {
    return greenMail.getImap().getPort();
  }

  @Override
  public void deliver(ReadyMail mail) {
    mailbox.deliver(mail.parsed());
  }

  @Override
  public void deliver(List<ReadyMail> mails) {
    for (ReadyMail mail : mails) {
      mailbox.deliver(mail.parsed());
    }
  }

  @Override
  public int messageCount() throws Exception {
    return greenMail.getManagers().getImapHostManager().getInbox(mailbox).getMessageCount();
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
