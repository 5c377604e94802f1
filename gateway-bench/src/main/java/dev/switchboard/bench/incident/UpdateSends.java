package dev.switchboard.bench.incident;

import dev.switchboard.bench.sms.IdempotentTwilioStandIn;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Twilio stand-in got for one text: requests, distinct idempotency tokens and recipients, tokens
 * sent more than once, requests without a token, and the rate they arrived at. Exactly once means
 * {@code requests == tokens == recipients ==} the SMS conversations, and no duplicates.
 */
record UpdateSends(int requests, int tokens, int recipients, int duplicateTokens, int withoutToken, SendRate rate) {

  static UpdateSends of(List<IdempotentTwilioStandIn.Request> all, String text) {
    List<IdempotentTwilioStandIn.Request> mine = all.stream().filter(r -> r.body().equals(text)).toList();
    Map<String, Integer> perToken = new HashMap<>();
    Set<String> recipients = new HashSet<>();
    int withoutToken = 0;
    for (IdempotentTwilioStandIn.Request r : mine) {
      recipients.add(r.to());
      if (r.token() == null) {
        withoutToken++;
      } else {
        perToken.merge(r.token(), 1, Integer::sum);
      }
    }
    int duplicates = (int) perToken.values().stream().filter(n -> n > 1).count();
    return new UpdateSends(mine.size(), perToken.size(), recipients.size(), duplicates, withoutToken,
        SendRate.of(mine.stream().map(IdempotentTwilioStandIn.Request::arrivedNanos).toList()));
  }

  /** Each of {@code conversations} got it exactly once, under its own token. */
  boolean exactlyOnce(int conversations) {
    return requests == conversations && tokens == conversations && recipients == conversations
        && duplicateTokens == 0 && withoutToken == 0;
  }
}
