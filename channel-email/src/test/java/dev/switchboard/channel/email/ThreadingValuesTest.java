package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ThreadingValuesTest {

  @Test
  void messageIdsAreBareAndUnsafeOnesAreDropped() {
    assertThat(MessageIds.parse("<a@x.example> <b@x.example>\r\n <a@x.example>")).containsExactly("a@x.example", "b@x.example");
    assertThat(MessageIds.parse("c@x.example")).containsExactly("c@x.example");
    assertThat(MessageIds.parse("<bad id@x> <ok@x>")).containsExactly("ok@x");
    assertThat(MessageIds.first(null)).isNull();
  }

  @Test
  void longReferenceChainsKeepTheRootAndTheLatest() {
    String refs = IntStream.range(0, 80).mapToObj(i -> "<r" + i + "@x>").collect(Collectors.joining(" "));

    assertThat(MessageIds.references("<r79@x>", refs))
        .hasSize(MessageIds.MAX_REFERENCES)
        .startsWith("r0@x", "r31@x")
        .endsWith("r78@x", "r79@x");
  }

  @Test
  void outboundMessageIdDependsOnlyOnTheMessage() {
    assertThat(MessageIds.outbound("01ABC", "support@example.com")).isEqualTo("switchboard.01ABC@example.com");
    assertThat(MessageIds.outbound("01ABC", "support@example.com")).isEqualTo(MessageIds.outbound("01ABC", "support@example.com"));
  }

  @Test
  void subjectTokenIsFoundAndReplySubjectCarriesItOnce() {
    assertThat(SubjectToken.find("Re: AW: Rechnung [#ab12cd]")).isEqualTo("AB12CD");
    assertThat(SubjectToken.find("no token [#]")).isNull();
    assertThat(SubjectToken.replySubject("RE: Fwd: Invoice [#AB12CD]", "AB12CD")).isEqualTo("Re: Invoice [#AB12CD]");
    assertThat(SubjectToken.replySubject(null, "AB12CD")).isEqualTo("Re: [#AB12CD]");
    assertThat(SubjectToken.replySubject("Hi\r\nBcc: x@y", "AB12CD")).isEqualTo("Re: Hi Bcc: x@y [#AB12CD]");
  }

  @Test
  void reconnectBackoffDoublesUpToItsMaximum() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(10));
  }
}
