package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whom a reply may copy, out of the addresses a customer's mail named in To and Cc. {@code From} is not
 * authenticated, so a forged mail could otherwise make the support domain mail hundreds of strangers; the
 * policy keeps at most {@code maxCopies} addresses, each valid, named once, neither the customer nor an
 * address of the support domain (our own mailboxes are reached through the console, and copying them can
 * loop mail back into the support inbox). The gateway's own messages (the auto-reply) copy no one.
 */
record CopyPolicy(String supportAddress, int maxCopies) {

  /** Why a named address was left out; the code is the {@code reason} tag of the metric. */
  enum Dropped {
    INVALID("invalid"),
    OWN_DOMAIN("own_domain"),
    OVER_LIMIT("over_limit");

    private final String code;

    Dropped(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  /** The addresses kept, in the order the mail named them, and how many were left out for each reason. */
  record Choice(List<String> kept, Map<Dropped, Integer> dropped) {
    Choice {
      kept = List.copyOf(kept);
      dropped = Map.copyOf(dropped);
    }
  }

  CopyPolicy {
    requireNonNull(supportAddress, "supportAddress");
    if (supportAddress.indexOf('@') <= 0) {
      throw new IllegalArgumentException("supportAddress: " + supportAddress + " (expected: an e-mail address)");
    }
    if (maxCopies < 0) {
      throw new IllegalArgumentException("maxCopies: " + maxCopies + " (expected: >= 0)");
    }
    supportAddress = supportAddress.toLowerCase(Locale.ROOT);
  }

  /** Chooses whom a reply to {@code customer} copies out of {@code named} (a mail's To then Cc). */
  Choice choose(Collection<String> named, String customer) {
    String own = supportAddress.substring(supportAddress.lastIndexOf('@'));
    String to = customer == null ? "" : customer.toLowerCase(Locale.ROOT);
    Set<String> seen = new HashSet<>();
    List<String> kept = new ArrayList<>();
    Map<Dropped, Integer> dropped = new EnumMap<>(Dropped.class);
    for (String raw : named) {
      String address = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
      if (address.equals(to) || address.equals(supportAddress) || !seen.add(address)) {
        continue; // the customer and we are on every reply anyway
      }
      Dropped why = ReplyComposer.address(address).isEmpty() ? Dropped.INVALID
          : address.endsWith(own) ? Dropped.OWN_DOMAIN
          : kept.size() >= maxCopies ? Dropped.OVER_LIMIT
          : null;
      if (why == null) {
        kept.add(address);
      } else {
        dropped.merge(why, 1, Integer::sum);
      }
    }
    return new Choice(kept, dropped);
  }
}
