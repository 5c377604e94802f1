package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;

/**
 * The Twilio client for one reply: every request it makes carries the reply's idempotency token, the
 * same on every attempt, so an API that deduplicates can recognize a resend after a crash mid-send.
 * Twilio's own Messages API does not deduplicate (it uses this header only on the webhooks it sends
 * us): against it a resend is at least once. Shares the builder's HTTP client and JSON mapper.
 */
final class IdempotentTwilioClient extends TwilioRestClient {

  /** The header name Twilio uses for the same purpose on its own webhook requests. */
  static final String HEADER = "I-Twilio-Idempotency-Token";

  private final String token;

  IdempotentTwilioClient(TwilioRestClient.Builder builder, String token) {
    super(builder);
    this.token = requireNonNull(token, "token");
  }

  @Override
  public Response request(Request request) {
    request.addHeaderParam(HEADER, token);
    return super.request(request);
  }
}
