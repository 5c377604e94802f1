package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cannedReplies}: how they bind, and one fixture per way they can be wrong. */
class CannedRepliesConfigTest {

  @Test
  void bindsRepliesWithTheirTiersAndChannels() {
    GatewayConfig config = ConfigLoader.parse("""
        routing:
          tiers: [{ name: vip, firstResponse: 2m, nextResponse: 5m }]
        cannedReplies:
          - { id: hello, title: Hello, text: "Hi {contact.name}, {agent.name} here ({conversation.ref}).",
              tiers: [vip], channels: [chat, sms] }
          - { id: bye, title: Bye, text: "Bye!" }
        """, "gateway.yaml", Path.of("."), Map.of());
    assertThat(config.cannedReplies()).containsExactly(
        new CannedReplyConfig("hello", "Hello", "Hi {contact.name}, {agent.name} here ({conversation.ref}).",
            List.of("vip"), List.of("chat", "sms")),
        new CannedReplyConfig("bye", "Bye", "Bye!", List.of(), List.of()));
    assertThat(config.cannedReplies().get(0).appliesTo("vip", "sms")).isTrue();
    assertThat(config.cannedReplies().get(0).appliesTo("vip", "email")).isFalse();
    assertThat(config.cannedReplies().get(1).appliesTo("standard", "email")).isTrue();
  }

  @Test
  void noCannedRepliesByDefault() {
    assertThat(ConfigLoader.parse("server: {}\n", "gateway.yaml", Path.of("."), Map.of()).cannedReplies()).isEmpty();
  }

  @Test
  void unknownPlaceholderIsNamedWithItsLineAndAHint() {
    assertThat(Fixtures.lines("canned-unknown-placeholder.yaml")).containsExactly(
        "gateway.yaml:8:11: cannedReplies[0].text: unknown placeholder `{contact.nmae}`, did you mean `{contact.name}`?",
        "gateway.yaml:8:11: cannedReplies[0].text: unknown placeholder `{ticket}`, placeholders are: "
            + "{contact.name}, {agent.name}, {conversation.ref}");
  }

  @Test
  void duplicateIdIsRefused() {
    assertThat(Fixtures.lines("canned-duplicate-id.yaml")).containsExactly(
        "gateway.yaml:7:11: cannedReplies[1].id: duplicate canned reply id `hello` (also cannedReplies[0])");
  }

  @Test
  void emptyTextIsRefused() {
    assertThat(Fixtures.lines("canned-empty-text.yaml")).containsExactly(
        "gateway.yaml:8:11: cannedReplies[0].text: canned reply text is empty");
  }

  @Test
  void tierOrChannelThatDoesNotExistIsRefused() {
    assertThat(Fixtures.lines("canned-unknown-tier-channel.yaml")).containsExactly(
        "gateway.yaml:6:66: cannedReplies[0].tiers[1]: unknown tier `gold`, tiers are: vip, standard",
        "gateway.yaml:6:90: cannedReplies[0].channels[1]: unknown channel `fax`, expected one of: email, sms, chat");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(Fixtures.lines("canned-all-at-once.yaml")).containsExactly(
        "gateway.yaml:7:11: cannedReplies[1].id: duplicate canned reply id `hello` (also cannedReplies[0])",
        "gateway.yaml:7:38: cannedReplies[1].text: canned reply text is empty",
        "gateway.yaml:7:53: cannedReplies[1].channels[0]: unknown channel `mail`, did you mean `email`?",
        "gateway.yaml:10:11: cannedReplies[2].text: unknown placeholder `{conversation.id}`, "
            + "did you mean `{conversation.ref}`?",
        "gateway.yaml:11:13: cannedReplies[2].tiers[0]: unknown tier `platinum`, tiers are: vip, standard");
  }
}
