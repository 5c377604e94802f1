package dev.switchboard.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import dev.switchboard.core.channel.Delivery;
import java.util.Map;

/** Sorts the Twilio SDK's failures into "try again" and "will never work", and names Twilio's codes. */
final class TwilioErrors {

  /** Twilio's code for "the recipient texted STOP". */
  static final int UNSUBSCRIBED = 21610;

  private static final Map<Integer, String> KNOWN = Map.ofEntries(
      Map.entry(20003, "Twilio rejected the account credentials"),
      Map.entry(21211, "not a valid phone number"),
      Map.entry(21408, "the account may not send to this region"),
      Map.entry(21606, "our number cannot send SMS"),
      Map.entry(21610, "the customer opted out (texted STOP) at the carrier"),
      Map.entry(21614, "the number cannot receive SMS"),
      Map.entry(21617, "the message is too long"),
      Map.entry(30003, "the handset is unreachable"),
      Map.entry(30004, "the message was blocked"),
      Map.entry(30005, "the number is unknown or no longer in service"),
      Map.entry(30006, "a landline or unreachable carrier"),
      Map.entry(30007, "the carrier filtered the message"),
      Map.entry(30008, "unknown carrier error"));

  private TwilioErrors() {}

  /** What a failed {@code Message.creator(...).create(...)} means for the outbox. */
  static Delivery classify(TwilioException e) {
    if (e instanceof ApiConnectionException) {
      return new Delivery.Retry("network: " + e.getMessage());
    }
    if (e instanceof ApiException api && api.getStatusCode() != null) {
      int status = api.getStatusCode();
      if (status == 429) {
        return new Delivery.Retry("twilio 429: rate limited");
      }
      if (status >= 500) {
        return new Delivery.Retry("twilio " + status + ": " + e.getMessage());
      }
      String code = api.getCode() != null ? String.valueOf(api.getCode()) : "http_" + status;
      return new Delivery.Failed(code, describe(api.getCode(), e.getMessage()));
    }
    // No HTTP status: the request never got an answer (connection refused, reset, timeout).
    return new Delivery.Retry("network: " + e.getMessage());
  }

  /** A sentence for the agent: Twilio's code, what it means, and Twilio's own message. */
  static String describe(Integer code, String twilioMessage) {
    StringBuilder s = new StringBuilder("Twilio");
    if (code != null) {
      s.append(' ').append(code);
      String known = KNOWN.get(code);
      if (known != null) {
        s.append(": ").append(known);
      }
    }
    if (twilioMessage != null && !twilioMessage.isBlank()) {
      s.append(code != null && KNOWN.containsKey(code) ? " (" + twilioMessage + ")" : ": " + twilioMessage);
    }
    return s.toString();
  }
}
