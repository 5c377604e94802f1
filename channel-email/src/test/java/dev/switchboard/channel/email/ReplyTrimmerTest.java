package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyTrimmerTest {

  @Test
  void cutsAnAttributionWrappedOverTwoLines() {
    String text = "Yes, please cancel it.\n\nOn Tue, 3 Mar 2026 at 10:00, Support Team\n<support@example.com> wrote:\n> Shall we cancel?\n";

    assertThat(ReplyTrimmer.trim(text)).isEqualTo("Yes, please cancel it.");
  }

  @Test
  void cutsOutlooksSeparatorAndHeaderBlock() {
    String text = "Done.\n\n________________________________\nFrom: Support <support@example.com>\nSent: Monday\nSubject: x\n\nold";

    assertThat(ReplyTrimmer.trim(text)).isEqualTo("Done.");
  }

  @Test
  void dropsAPhonesSignatureLine() {
    assertThat(ReplyTrimmer.trim("It works now, thanks!\n\nSent from my iPhone")).isEqualTo("It works now, thanks!");
  }

  @Test
  void keepsTheTextWhenTrimmingWouldLeaveNothing() {
    String onlyQuote = "> everything here is quoted\n> and nothing else";

    assertThat(ReplyTrimmer.trim(onlyQuote)).isEqualTo(onlyQuote);
  }

  @Test
  void keepsALineThatMerelyMentionsWriting() {
    String text = "My colleague wrote:\nthe invoice is wrong.";

    assertThat(ReplyTrimmer.trim(text)).isEqualTo(text);
  }

  @Test
  void trimsAMegabyteOfQuotedLinesWithinTheBudget() {
    String quotes = HostileText.megabyteOf("> q\n");

    String trimmed = HostileText.withinBudget(() -> ReplyTrimmer.trim(quotes));

    assertThat(quotes.length()).isGreaterThan(HostileText.MEGABYTE);
    assertThat(trimmed).isEqualTo(quotes.strip());
  }

  @Test
  void trimsAMegabyteOfQuotesAfterAnAnswerWithinTheBudget() {
    String text = "Thanks, that fixed it.\n" + HostileText.megabyteOf("> q\n");

    assertThat(HostileText.withinBudget(() -> ReplyTrimmer.trim(text))).isEqualTo("Thanks, that fixed it.");
  }

  @Test
  void keepsAFarInlineAnswerBehindManyAttributionsWithinTheBudget() {
    // Each attribution asks "is there an answer between the quotes below?"; the answer is a megabyte away.
    String text = "Hello\n" + HostileText.megabyteOf("On Monday Jane wrote:\n") + "> the question\nmy answer\n";

    String trimmed = HostileText.withinBudget(() -> ReplyTrimmer.trim(text));

    assertThat(trimmed).startsWith("Hello\nOn Monday Jane wrote:").endsWith("> the question\nmy answer");
  }

  @Test
  void readsAMegabyteLineOfMarkerWordsAsTextWithinTheBudget() {
    String line = "Hello\nOn " + HostileText.megabyteOf("wrote von meinem ") + ":\nSent from my " + "x ".repeat(200_000);

    String trimmed = HostileText.withinBudget(() -> ReplyTrimmer.trim(line));

    assertThat(trimmed).startsWith("Hello\nOn wrote").contains("\nSent from my x");
  }

  @Test
  void cutsAtAnAttributionFollowedByQuotesAsBefore() {
    String text = "Fine by me.\n\nOn Mon, 2 Mar 2026, Support wrote:\n> Shall we?\n> Yes\n";

    assertThat(ReplyTrimmer.trim(text)).isEqualTo("Fine by me.");
  }

  @Test
  void keepsAnswersBetweenQuotesAsBefore() {
    String text = "Hi,\n\nOn Mon, 2 Mar 2026, Support wrote:\n> Which plan?\nThe big one.\n> Since when?\nMay.\n";

    assertThat(ReplyTrimmer.trim(text)).contains("The big one.").contains("May.");
  }
}
