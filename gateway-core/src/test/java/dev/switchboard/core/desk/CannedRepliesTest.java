package dev.switchboard.core.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.CannedReplyConfig;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placeholder expansion and the per-agent list, without a server. */
class CannedRepliesTest {

  static final String TEXT = "Hi {contact.name}, {agent.name} here. Ref {conversation.ref}; {contact.name} again.";

  @Test
  void fillsInEveryPlaceholder() {
    assertThat(CannedReplies.expand(TEXT, contact("Ada Lovelace"), "Alice", "C-7"))
        .isEqualTo("Hi Ada Lovelace, Alice here. Ref C-7; Ada Lovelace again.");
  }

  @Test
  void aMissingOrBlankContactNameReadsThereNotNull() {
    assertThat(CannedReplies.expand(TEXT, contact(null), "Alice", "C-7"))
        .isEqualTo("Hi there, Alice here. Ref C-7; there again.");
    assertThat(CannedReplies.expand(TEXT, contact("  "), "Alice", "C-7")).startsWith("Hi there,");
    assertThat(CannedReplies.expand(TEXT, null, "Alice", "C-7")).doesNotContain("null");
  }

  @Test
  void valuesAreInsertedLiterallyAndOtherBracesStay() {
    assertThat(CannedReplies.expand("{contact.name} owes {amount} {", contact("$1 \\o/"), "A", "R"))
        .isEqualTo("$1 \\o/ owes {amount} {");
  }

  @Test
  void anAgentSeesRepliesOfTheirTiersAndOfChannelsTheyHaveCapacityFor() {
    CannedReplies replies = new CannedReplies(List.of(
        new CannedReplyConfig("all", "All", "x", List.of(), List.of()),
        new CannedReplyConfig("vip", "Vip", "x", List.of("vip"), List.of()),
        new CannedReplyConfig("email", "Email", "x", List.of(), List.of("email")),
        new CannedReplyConfig("std-sms", "Std sms", "x", List.of("standard", "vip"), List.of("sms"))));
    AgentConfig standardSms = new AgentConfig("a", "A", "h", List.of("standard"), List.of(), Map.of("sms", 2), false);
    AgentConfig everyTier = new AgentConfig("b", "B", "h", List.of(), List.of(), Map.of("email", 1), false);
    assertThat(replies.forAgent(standardSms)).extracting(CannedReplyConfig::id).containsExactly("all", "std-sms");
    assertThat(replies.forAgent(everyTier)).extracting(CannedReplyConfig::id).containsExactly("all", "vip", "email");
  }

  private static Contact contact(String name) {
    return new Contact(new ContactId("k1"), name, List.of(), Map.of(), Instant.EPOCH);
  }
}
