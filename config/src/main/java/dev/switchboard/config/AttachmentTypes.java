package dev.switchboard.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A channel's allowlist of attachment media types: exact ({@code application/pdf}) or a whole top-level
 * type ({@code image/*}). The defaults are what each channel can show its customer safely.
 */
public final class AttachmentTypes {

  /** E-mail and chat: pictures, PDF and plain text. */
  public static final List<String> DOCUMENTS = List.of("image/png", "image/jpeg", "image/gif", "image/webp",
      "application/pdf", "text/plain", "text/csv");
  /** SMS: what carriers deliver as MMS everywhere. */
  public static final List<String> MMS = List.of("image/png", "image/jpeg", "image/gif");

  private static final Pattern ENTRY =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/(\\*|[a-z0-9][a-z0-9!#$&^_.+-]*)");

  private AttachmentTypes() {}

  /** Whether {@code entry} is a well-formed allowlist entry (lower case, {@code type/subtype} or {@code type/*}). */
  public static boolean isValidEntry(String entry) {
    return entry != null && ENTRY.matcher(entry).matches();
  }

  /** Whether {@code contentType} (parameters ignored, any case) is on {@code allowlist}. */
  public static boolean allows(List<String> allowlist, String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    int slash = type.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    String wildcard = type.substring(0, slash) + "/*";
    return allowlist.contains(type) || allowlist.contains(wildcard);
  }
}
