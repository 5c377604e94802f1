package dev.switchboard.sms;

/**
 * The names of the fields Twilio sends to our webhooks (its inbound-message and status-callback
 * parameters), each held once: a form's name that is one of them, as plain ASCII, is this String rather
 * than a new one per field and webhook. Twenty-odd names a webhook were a quarter of the form's garbage;
 * a name not listed is decoded as before.
 */
final class FieldNames {

  private static final String[] KNOWN = {
      "MessageSid", "SmsMessageSid", "SmsSid", "AccountSid", "MessagingServiceSid", "From", "To", "Body",
      "NumMedia", "NumSegments", "ReferralNumMedia", "SmsStatus", "MessageStatus", "ApiVersion",
      "FromCity", "FromState", "FromZip", "FromCountry", "ToCity", "ToState", "ToZip", "ToCountry",
      "ErrorCode", "ErrorMessage", "ProfileName", "WaId", "Forwarded", "FrequentlyForwarded", "ButtonText",
      "OptOutType", "Latitude", "Longitude", "Address", "Label", "ChannelToAddress", "ChannelPrefix",
      "ChannelInstallSid", "ChannelStatusMessage", "RawDlrDoneDate", "StructuredMessage",
      "MediaUrl0", "MediaUrl1", "MediaUrl2", "MediaUrl3", "MediaUrl4", "MediaUrl5", "MediaUrl6", "MediaUrl7",
      "MediaUrl8", "MediaUrl9", "MediaContentType0", "MediaContentType1", "MediaContentType2",
      "MediaContentType3", "MediaContentType4", "MediaContentType5", "MediaContentType6",
      "MediaContentType7", "MediaContentType8", "MediaContentType9"};

  /** Open addressing on {@link String#hashCode}, at most half full. */
  private static final String[] TABLE = new String[Integer.highestOneBit(KNOWN.length * 2) * 2];
  private static final int MASK = TABLE.length - 1;

  static {
    for (String name : KNOWN) {
      int i = name.hashCode() & MASK;
      while (TABLE[i] != null) {
        i = (i + 1) & MASK;
      }
      TABLE[i] = name;
    }
  }

  private FieldNames() {}

  /** The known name spelled by {@code bytes[from, to)} (plain ASCII, no escapes), or null. */
  static String known(byte[] bytes, int from, int to) {
    int hash = 0;
    for (int i = from; i < to; i++) {
      hash = 31 * hash + bytes[i]; // String.hashCode, for ASCII
    }
    for (int i = hash & MASK; TABLE[i] != null; i = (i + 1) & MASK) {
      String name = TABLE[i];
      if (name.hashCode() == hash && spells(name, bytes, from, to)) {
        return name;
      }
    }
    return null;
  }

  private static boolean spells(String name, byte[] bytes, int from, int to) {
    if (name.length() != to - from) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) != bytes[from + i]) {
        return false;
      }
    }
    return true;
  }
}
