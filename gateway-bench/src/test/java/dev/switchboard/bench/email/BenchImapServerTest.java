package dev.switchboard.bench.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.bench.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server under the bench as the scenarios use it; Dovecot itself is not in CI, so only its refusals are. */
class BenchImapServerTest {

  @TempDir
  Path scratch;

  @Test
  void greenMailIsTheDefaultAndADeliveredMailIsInTheBoxWhenDeliverReturns() throws Exception {
    try (BenchImapServer server = BenchImapServer.start(Flags.parse(List.of()), scratch)) {
      assertThat(server.kind()).isEqualTo(BenchImapServer.Kind.GREENMAIL);

      server.deliver(BenchImapServer.ReadyMail.of(Mails.typical("t", 1, 10, BenchImapServer.ADDRESS)));
      server.deliver(List.of(BenchImapServer.ReadyMail.of(Mails.typical("t", 2, 10, BenchImapServer.ADDRESS)),
          BenchImapServer.ReadyMail.of(Mails.typical("t", 3, 10, BenchImapServer.ADDRESS))));

      assertThat(server.messageCount()).isEqualTo(3);
      assertThat(subjectsReadOverImap(server.port())).containsExactly(
          "Where is my order #1?", "Where is my order #2?", "Where is my order #3?");
    }
  }

  @Test
  void anUnknownServerIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> BenchImapServer.start(Flags.parse(List.of("--imap-server=exim")), scratch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--imap-server=exim (expected: greenmail or dovecot)");
  }

  @Test
  void dovecotWhereThereIsNoneSaysHowToInstallIt() {
    Path missing = scratch.resolve("no-such-dir/dovecot");

    assertThatThrownBy(() -> BenchImapServer.start(
        Flags.parse(List.of("--imap-server=dovecot", "--dovecot=" + missing)), scratch))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--dovecot=" + missing + " is not an executable file")
        .hasMessageContaining("apt-get install -y dovecot-imapd");
  }

  private static List<String> subjectsReadOverImap(int port) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", port, BenchImapServer.ADDRESS, BenchImapServer.PASSWORD);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      List<String> subjects = new ArrayList<>();
      for (Message m : inbox.getMessages()) {
        subjects.add(m.getSubject());
      }
      inbox.close(false);
      return subjects;
    } finally {
      store.close();
    }
  }
}
