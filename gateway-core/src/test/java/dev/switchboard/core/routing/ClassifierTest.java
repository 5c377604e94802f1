package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.BusinessHoursConfig;
import dev.switchboard.config.RuleConfig;
import dev.switchboard.config.WeeklySchedule;
import dev.switchboard.core.model.Channel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierTest {

  private static final Instant MONDAY_NOON_BERLIN = Instant.parse("2026-03-02T11:00:00Z");
  private static final Instant SUNDAY_NOON_BERLIN = Instant.parse("2026-03-01T11:00:00Z");

  private final BusinessHours hours = new BusinessHours(
      new BusinessHoursConfig(ZoneId.of("Europe/Berlin"), WeeklySchedule.parse("mon-fri 08:00-18:00")));

  private Classifier classifier(RuleConfig... rules) {
    return new Classifier(List.of(rules), new Tiers(Fixture.TIERS), hours);
  }

  private static Classifier.Subject subject(Channel channel, Map<String, String> attributes, String subject,
      String text, Instant at) {
    return new Classifier.Subject(channel, attributes, subject, text, at);
  }

  private static RuleConfig rule(Map<String, String> when, String tier, String... skills) {
    return new RuleConfig(when, tier, List.of(skills));
  }

  @Test
  void contactAttributeRuleSetsTheTier() {
    Classifier c = classifier(rule(Map.of("contact.plan", "enterprise"), "vip"), rule(Map.of(), "standard"));

    assertThat(c.classify(subject(Channel.EMAIL, Map.of("plan", "Enterprise"), null, "hi", MONDAY_NOON_BERLIN)).tier())
        .isEqualTo("vip");
    assertThat(c.classify(subject(Channel.EMAIL, Map.of("plan", "free"), null, "hi", MONDAY_NOON_BERLIN)).tier())
        .isEqualTo("standard");
  }

  @Test
  void channelAndTextRegexTogetherSetTierAndSkills() {
    Classifier c = classifier(
        rule(Map.of("channel", "sms", "text", "(?i)\\b(outage|down|urgent)\\b"), "vip", "incident"),
        rule(Map.of(), "standard"));

    Classification urgentSms = c.classify(subject(Channel.SMS, Map.of(), null, "Site is DOWN", MONDAY_NOON_BERLIN));
    assertThat(urgentSms.tier()).isEqualTo("vip");
    assertThat(urgentSms.skills()).containsExactly("incident");
    assertThat(c.classify(subject(Channel.EMAIL, Map.of(), null, "Site is DOWN", MONDAY_NOON_BERLIN)).tier())
        .isEqualTo("standard");
    assertThat(c.classify(subject(Channel.SMS, Map.of(), null, "download link?", MONDAY_NOON_BERLIN)).tier())
        .isEqualTo("standard");
  }

  @Test
  void subjectRegexMatchesTheSubjectOnly() {
    Classifier c = classifier(rule(Map.of("subject", "(?i)invoice"), "basic", "billing"));

    assertThat(c.classify(subject(Channel.EMAIL, Map.of(), "Invoice #12", "hello", MONDAY_NOON_BERLIN)).skills())
        .containsExactly("billing");
    assertThat(c.classify(subject(Channel.EMAIL, Map.of(), "hello", "invoice", MONDAY_NOON_BERLIN)).skills()).isEmpty();
  }

  @Test
  void businessHoursConditionMatchesOpenOrClosed() {
    Classifier c = classifier(rule(Map.of("businessHours", "closed"), "basic"), rule(Map.of(), "standard"));

    Classification weekday = c.classify(subject(Channel.CHAT, Map.of(), null, "hi", MONDAY_NOON_BERLIN));
    Classification weekend = c.classify(subject(Channel.CHAT, Map.of(), null, "hi", SUNDAY_NOON_BERLIN));
    assertThat(weekday.tier()).isEqualTo("standard");
    assertThat(weekday.open()).isTrue();
    assertThat(weekend.tier()).isEqualTo("basic");
    assertThat(weekend.open()).isFalse();
  }

  @Test
  void firstMatchingRuleWins() {
    Classifier c = classifier(rule(Map.of("channel", "chat"), "standard"), rule(Map.of("channel", "chat"), "vip"));

    assertThat(c.classify(subject(Channel.CHAT, Map.of(), null, "", MONDAY_NOON_BERLIN)).tier()).isEqualTo("standard");
  }

  @Test
  void withNoMatchingRuleTheLowestTierApplies() {
    Classifier c = classifier(rule(Map.of("channel", "sms"), "vip"));

    assertThat(c.classify(subject(Channel.EMAIL, Map.of(), null, "", MONDAY_NOON_BERLIN)))
        .isEqualTo(new Classification("basic", List.of(), true));
  }

  @Test
  void unknownConditionsTiersAndBadRegexesAreRefused() {
    assertThatThrownBy(() -> classifier(rule(Map.of("colour", "red"), "vip")))
        .hasMessageContaining("routing.rules[0].when.colour: unknown condition");
    assertThatThrownBy(() -> classifier(rule(Map.of(), "gold")))
        .hasMessageContaining("unknown tier `gold`");
    assertThatThrownBy(() -> classifier(rule(Map.of("text", "(unclosed"), "vip")))
        .hasMessageContaining("routing.rules[0].when.text: not a regular expression");
  }
}
