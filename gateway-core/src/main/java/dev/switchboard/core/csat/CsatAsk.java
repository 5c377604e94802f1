package dev.switchboard.core.csat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.CsatSurvey;

/** The text that asks a customer, per channel: the message stored in the conversation and sent by its channel. */
final class CsatAsk {

  private static final String[] LABELS = {"very dissatisfied", "dissatisfied", "neutral", "satisfied",
      "very satisfied"};

  private CsatAsk() {}

  /**
   * Chat: the question (the widget shows the 1 to 5 buttons from the {@code csat_request} frame); SMS: the
   * question and "Reply 1-5"; e-mail: the question and one signed link per score.
   */
  static String text(Channel channel, String question, CsatLinks links, String surveyId) {
    return switch (channel) {
      case CHAT -> question;
      case SMS -> question + " Reply with a number from 1 (very dissatisfied) to 5 (very satisfied).";
      case EMAIL -> {
        StringBuilder b = new StringBuilder(question).append("\n\nChoose one; it takes a click:\n\n");
        for (int score = CsatSurvey.MAX_SCORE; score >= CsatSurvey.MIN_SCORE; score--) {
          b.append(score).append(" - ").append(LABELS[score - 1]).append(": ").append(links.link(surveyId, score))
              .append('\n');
        }
        yield b.toString();
      }
    };
  }
}
