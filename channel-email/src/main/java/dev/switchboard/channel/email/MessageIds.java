package dev.switchboard.channel.email;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message-IDs as the gateway keeps them: bare (no angle brackets), free of whitespace and control
 * characters, at most {@value #MAX_LENGTH} characters. Inbound mail, our replies and the store's
 * threading all use this one form.
 */
final class MessageIds {

  static final int MAX_LENGTH = 250;
  /** How many ids of a References header are kept: the first (the thread's root) and the latest. */
  static final int MAX_REFERENCES = 50;

  private static final Pattern BRACKETED = Pattern.compile("<([^<>]*)>");
  private static final Pattern UNSAFE = Pattern.compile("[\\s<>\\p{Cntrl}\"]");

  private MessageIds() {}

  /** The first id of a Message-ID header, or null when there is none worth keeping. */
  static String first(String header) {
    List<String> ids = parse(header);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** Every id in an In-Reply-To or References header, in order, without repeats. */
  static List<String> parse(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = BRACKETED.matcher(header);
    boolean bracketed = false;
    while (m.find()) {
      bracketed = true;
      add(ids, m.group(1));
    }
    if (!bracketed) {
      // Some mailers leave the brackets out; take what looks like an address-shaped id.
      for (String token : header.trim().split("[\\s,]+")) {
        if (token.indexOf('@') > 0) {
          add(ids, token);
        }
      }
    }
    return List.copyOf(ids);
  }

  /**
   * The ids of References (oldest first) then In-Reply-To, capped to the thread's root, the latest
   * ones and the In-Reply-To ids, {@value #MAX_REFERENCES} in all.
   */
  static List<String> references(String inReplyTo, String references) {
    List<String> replyTo = parse(inReplyTo);
    if (replyTo.size() > MAX_REFERENCES / 2) {
      replyTo = replyTo.subList(0, MAX_REFERENCES / 2);
    }
    List<String> chain = new ArrayList<>(parse(references));
    chain.removeAll(replyTo);
    int room = MAX_REFERENCES - replyTo.size();
    List<String> out = new ArrayList<>(MAX_REFERENCES);
    if (chain.size() <= room) {
      out.addAll(chain);
    } else {
      out.add(chain.get(0));
      out.addAll(chain.subList(chain.size() - (room - 1), chain.size()));
    }
    out.addAll(replyTo);
    return List.copyOf(out);
  }

  /** A stable id for a mail that has none: the same content always gets the same id. */
  static String synthetic(String contentHash) {
    return "sha256-" + contentHash.toLowerCase(Locale.ROOT) + "@no-message-id.switchboard.invalid";
  }

  /** Our own Message-ID for an outbound message: the same message gets the same id on every attempt. */
  static String outbound(String messageId, String supportAddress) {
    int at = supportAddress.lastIndexOf('@');
    String domain = at < 0 ? "switchboard.invalid" : supportAddress.substring(at + 1);
    String id = "switchboard." + messageId + "@" + domain;
    String clean = clean(id);
    if (clean == null) {
      throw new IllegalArgumentException("messageId: " + messageId + " (expected: characters allowed in a Message-ID)");
    }
    return clean;
  }

  static String bracketed(String bareId) {
    return "<" + bareId + ">";
  }

  private static void add(Set<String> ids, String raw) {
    String id = clean(raw);
    if (id != null) {
      ids.add(id);
    }
  }

  private static String clean(String raw) {
    String id = raw.trim();
    if (id.isEmpty() || id.length() > MAX_LENGTH || UNSAFE.matcher(id).find()) {
      return null;
    }
    return id;
  }
}
