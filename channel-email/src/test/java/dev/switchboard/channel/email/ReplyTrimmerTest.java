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
}
