package dev.switchboard.channel.email;

/** Why a mail was not taken: each with the HTTP status and error code {@code POST /email/inbound} answers. */
enum Refusal {
  TOO_LARGE(413, "message_too_large"),
  TOO_MANY_PARTS(422, "too_many_parts"),
  TOO_DEEP(422, "too_deep"),
  NO_SENDER(422, "no_sender"),
  UNREADABLE(422, "unreadable_mime"),
  /** The reader failed on this mail (three times, or at once with an Error such as running out of memory). */
  READER_FAILED(500, "reader_failed");

  private final int httpStatus;
  private final String code;

  Refusal(int httpStatus, String code) {
    this.httpStatus = httpStatus;
    this.code = code;
  }

  int httpStatus() {
    return httpStatus;
  }

  /** The machine-readable reason, used in the HTTP error body, logs and the {@code reason} metric tag. */
  String code() {
    return code;
  }
}
