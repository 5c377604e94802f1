package dev.switchboard.bench.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.bench.TempDir;
import jakarta.mail.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's APPEND client against a real IMAP server (GreenMail, which offers LITERAL+ as Dovecot does). */
class ImapAppenderTest {

  private static final String USER = "support@bench.test";
  private static final String PASSWORD = "pw";

  private GreenMail greenMail;

  @BeforeEach
  void start() {
    greenMail = new GreenMail(new ServerSetup(TempDir.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    greenMail.start();
    greenMail.setUser(USER, USER, PASSWORD);
  }

  @AfterEach
  void stop() {
    greenMail.stop();
  }

  @Test
  void pipelinedAppendsFileEveryMailInOrderBeforeReturning() throws Exception {
    List<byte[]> mails = IntStream.range(0, 150) // more than one window ahead
        .mapToObj(i -> Mails.typical("a", i, 10, USER).getBytes(StandardCharsets.UTF_8)).toList();

    try (ImapAppender appender = ImapAppender.login(greenMail.getImap().getPort(), USER, PASSWORD)) {
      appender.append(mails.subList(0, 1));
      assertThat(appender.messageCount()).isEqualTo(1);
      appender.append(mails.subList(1, mails.size()));
      assertThat(appender.messageCount()).isEqualTo(150);
    }

    List<String> subjects = new ArrayList<>();
    for (Message m : greenMail.getReceivedMessages()) {
      subjects.add(m.getSubject());
    }
    assertThat(subjects).containsExactlyElementsOf(
        IntStream.range(0, 150).mapToObj(i -> "Where is my order #" + i + "?").toList());
  }

  @Test
  void aRefusedLoginFailsWithTheServersAnswerAndNotThePassword() {
    assertThatThrownBy(() -> ImapAppender.login(greenMail.getImap().getPort(), USER, "wrong"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("LOGIN: a1 NO")
        .hasMessageNotContaining("wrong");
  }
}
