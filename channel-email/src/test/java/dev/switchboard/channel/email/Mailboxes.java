package dev.switchboard.channel.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Puts mail into GreenMail over its real SMTP port, and looks into folders over its real IMAP port. */
final class Mailboxes {

  private final GreenMailExtension greenMail;

  Mailboxes(GreenMailExtension greenMail) {
    this.greenMail = greenMail;
  }

  void deliver(byte[] raw) throws MessagingException {
    deliverAll(List.of(raw));
  }

  /** Delivers each mail in turn over one SMTP connection (a backlog: one connection per mail costs ~70 ms each). */
  void deliverAll(List<byte[]> raws) throws MessagingException {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
    Session session = Session.getInstance(p);
    jakarta.mail.Address[] to = {new jakarta.mail.internet.InternetAddress(EmailRig.SUPPORT)};
    try (Transport smtp = session.getTransport("smtp")) {
      smtp.connect();
      for (byte[] raw : raws) {
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw)) {
          @Override
          protected void updateMessageID() {
            // keep the fixture's own Message-ID (or its absence)
          }
        };
        m.saveChanges();
        smtp.sendMessage(m, to);
      }
    }
  }

  /** The subjects and \Seen flags of a folder of a user's mailbox. */
  List<Entry> folder(String user, String password, String folder) throws MessagingException {
    Properties p = new Properties();
    Session session = Session.getInstance(p);
    Store store = session.getStore("imap");
    store.connect("127.0.0.1", greenMail.getImap().getPort(), user, password);
    try {
      Folder f = store.getFolder(folder);
      if (!f.exists()) {
        return List.of();
      }
      f.open(Folder.READ_ONLY);
      List<Entry> out = new ArrayList<>();
      Message[] messages = f.getMessages();
      jakarta.mail.FetchProfile profile = new jakarta.mail.FetchProfile();
      profile.add(jakarta.mail.FetchProfile.Item.ENVELOPE);
      profile.add(jakarta.mail.FetchProfile.Item.FLAGS);
      f.fetch(messages, profile); // one round trip for all, not two per mail
      for (Message m : messages) {
        out.add(new Entry(m.getSubject(), m.isSet(Flags.Flag.SEEN)));
      }
      f.close(false);
      return out;
    } finally {
      store.close();
    }
  }

  record Entry(String subject, boolean seen) {}

  /** A folder opened read-write over IMAP, for a test to look at or change; closing ends the connection. */
  Open open(String user, String password, String folder) throws MessagingException {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", greenMail.getImap().getPort(), user, password);
    Folder f = store.getFolder(folder);
    f.open(Folder.READ_WRITE);
    return new Open(store, (org.eclipse.angus.mail.imap.IMAPFolder) f);
  }

  record Open(Store store, org.eclipse.angus.mail.imap.IMAPFolder folder) implements AutoCloseable {
    @Override
    public void close() throws MessagingException {
      folder.close(false);
      store.close();
    }
  }
}
