package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutomatedMailTest {

  private static String reason(String header, String from) throws Exception {
    String raw = "From: " + from + "\r\n" + (header.isEmpty() ? "" : header + "\r\n")
        + "Subject: s\r\nContent-Type: text/plain\r\n\r\nbody\r\n";
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    return AutomatedMail.reason(m, from).orElse("human");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Auto-Submitted: auto-replied      | jane@example.org          | auto-submitted: auto-replied",
      "Auto-Submitted: auto-generated    | jane@example.org          | auto-submitted: auto-generated",
      "Auto-Submitted: no                | jane@example.org          | human",
      "Precedence: bulk                  | news@example.org          | precedence: bulk",
      "Precedence: first-class           | jane@example.org          | human",
      "X-Autoreply: yes                  | jane@example.org          | x-autoreply",
      "List-Id: <users.lists.example.org> | list@example.org         | list-id",
      "''                                | MAILER-DAEMON@mx.example  | sender: mailer-daemon",
      "''                                | noreply@shop.example      | human",
      "''                                | jane@example.org          | human"})
  void recognizesAutomatedMailAndLeavesPeoplesMailAlone(String header, String from, String expected) throws Exception {
    assertThat(reason(header, from)).isEqualTo(expected);
  }
}
