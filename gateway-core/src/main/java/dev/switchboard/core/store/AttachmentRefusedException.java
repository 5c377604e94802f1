package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

/**
 * A reply named attachments it may not take: unknown, of another conversation, or sent already. Nothing
 * of the reply is stored. {@code code} is the desk's error code.
 */
public final class AttachmentRefusedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Why the attachment ids were refused. */
  public enum Reason {
    /** No upload has that id. */
    UNKNOWN("unknown_attachment"),
    /** The upload belongs to another conversation. */
    OTHER_CONVERSATION("forbidden"),
    /** Another message took the upload already. */
    ALREADY_SENT("attachment_already_sent");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;

  public AttachmentRefusedException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
