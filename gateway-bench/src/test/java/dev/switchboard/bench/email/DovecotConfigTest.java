package dev.switchboard.bench.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DovecotConfigTest {

  private static final Path DIR = Path.of("/tmp/bench-run/dovecot");
  private static final DovecotConfig.MailOwner OWNER = new DovecotConfig.MailOwner("dovecot", 109, 117);

  @Test
  void listensOnlyOnLoopbackAtItsPortWithEveryFileUnderItsDirectory() {
    String text = new DovecotConfig(DIR, 14300, OWNER, false).text();

    assertThat(text).contains("listen = 127.0.0.1\n", "    address = 127.0.0.1\n    port = 14300\n",
        "base_dir = /tmp/bench-run/dovecot/run\n", "state_dir = /tmp/bench-run/dovecot/state\n",
        "log_path = /tmp/bench-run/dovecot/dovecot.log\n",
        "args = scheme=PLAIN username_format=%u /tmp/bench-run/dovecot/users\n",
        "args = uid=109 gid=117 home=/tmp/bench-run/dovecot/mail/%u\n",
        "first_valid_uid = 109\n", "ssl = no\n", "disable_plaintext_auth = no\n");
  }

  @Test
  void startedByAnOrdinaryUserItsOwnProcessesRunAsThatUser() {
    DovecotConfig.MailOwner me = new DovecotConfig.MailOwner("ci", 1001, 1001);

    assertThat(new DovecotConfig(DIR, 14300, me, true).text())
        .contains("default_login_user = ci\ndefault_internal_user = ci\n");
    assertThat(new DovecotConfig(DIR, 14300, OWNER, false).text()).doesNotContain("default_login_user");
  }

  @Test
  void thePasswdFileLineHoldsThePlainPassword() {
    assertThat(DovecotConfig.userLine("support@bench.test", "secret"))
        .isEqualTo("support@bench.test:{PLAIN}secret::::::\n");
  }
}
