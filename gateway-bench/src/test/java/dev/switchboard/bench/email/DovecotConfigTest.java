package dev.switchboard.bench.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DovecotConfigTest {

  private static final Path DIR = Path.of("/tmp/bench-run/dovecot");
  private static final DovecotConfig.MailOwner OWNER = new DovecotConfig.MailOwner("dovecot", "dovecot", 109, 117);

  @Test
  void listensOnlyOnLoopbackAtItsPortWithEveryFileUnderItsDirectory() {
    String text = new DovecotConfig(DIR, 14300, OWNER, false, DovecotConfig.MailFormat.MDBOX).text();

    assertThat(text).contains("listen = 127.0.0.1\n", "    address = 127.0.0.1\n    port = 14300\n",
        "base_dir = /tmp/bench-run/dovecot/run\n", "state_dir = /tmp/bench-run/dovecot/state\n",
        "log_path = /tmp/bench-run/dovecot/dovecot.log\n",
        "args = scheme=PLAIN username_format=%u /tmp/bench-run/dovecot/users\n",
        "args = uid=109 gid=117 home=/tmp/bench-run/dovecot/mail/%u\n",
        "first_valid_uid = 109\n", "ssl = no\n", "disable_plaintext_auth = no\n", "mail_location = mdbox:~/mdbox\n");
  }

  @Test
  void theMailFormatIsChosenByNameAndAnUnknownOneIsRefused() {
    assertThat(DovecotConfig.MailFormat.of("maildir")).isEqualTo(DovecotConfig.MailFormat.MAILDIR);
    assertThat(new DovecotConfig(DIR, 1, OWNER, false, DovecotConfig.MailFormat.MAILDIR).text())
        .contains("mail_location = maildir:~/Maildir\n");
    assertThatThrownBy(() -> DovecotConfig.MailFormat.of("mbox"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--dovecot-mail=mbox (expected: mdbox or maildir)");
  }

  @Test
  void startedByAnOrdinaryUserItsOwnProcessesRunAsThatUser() {
    DovecotConfig.MailOwner me = new DovecotConfig.MailOwner("ci", "ci-group", 1001, 1001);

    assertThat(new DovecotConfig(DIR, 14300, me, true, DovecotConfig.MailFormat.MAILDIR).text())
        .contains("default_login_user = ci\ndefault_internal_user = ci\ndefault_internal_group = ci-group\n",
            "service anvil {\n  chroot =\n}\n", "service imap-login {\n  chroot =\n");
    assertThat(new DovecotConfig(DIR, 14300, OWNER, false, DovecotConfig.MailFormat.MDBOX).text()).doesNotContain("default_login_user");
  }

  @Test
  void thePasswdFileLineHoldsThePlainPassword() {
    assertThat(DovecotConfig.userLine("support@bench.test", "secret"))
        .isEqualTo("support@bench.test:{PLAIN}secret::::::\n");
  }
}
