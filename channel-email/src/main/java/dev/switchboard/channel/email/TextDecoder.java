package dev.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a text part into a string whatever its charset and transfer encoding: the declared charset when
 * Java knows it, else UTF-8 when the bytes are valid UTF-8, else windows-1252 (which maps every byte).
 */
final class TextDecoder {

  private static final Charset FALLBACK = Charset.forName("windows-1252");

  private TextDecoder() {}

  static String decode(Part part, long maxBytes) throws MessagingException, IOException {
    byte[] bytes = readDecoded(part, maxBytes);
    return decode(bytes, declaredCharset(part));
  }

  static String decode(byte[] bytes, String declared) {
    Charset charset = charset(declared);
    if (charset != null && !isAscii(charset)) {
      return new String(bytes, charset);
    }
    // Undeclared or US-ASCII: real mail often carries 8-bit text anyway.
    String utf8 = strictUtf8(bytes);
    return utf8 != null ? utf8 : new String(bytes, FALLBACK);
  }

  private static byte[] readDecoded(Part part, long maxBytes) throws MessagingException, IOException {
    try (InputStream in = new TolerantStream(openDecoded(part))) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes));
    }
  }

  private static InputStream openDecoded(Part part) throws MessagingException, IOException {
    try {
      return part.getInputStream();
    } catch (MessagingException | IOException e) {
      // An encoding the library cannot decode: take the bytes as they are.
      java.util.Optional<InputStream> raw = RawContent.open(part);
      if (raw.isEmpty()) {
        throw e;
      }
      return raw.get();
    }
  }

  private static String declaredCharset(Part part) throws MessagingException {
    String type = part.getContentType();
    if (type == null) {
      return null;
    }
    try {
      return new ContentType(type).getParameter("charset");
    } catch (jakarta.mail.internet.ParseException e) {
      int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
      if (i < 0) {
        return null;
      }
      String rest = type.substring(i + 8).replace("\"", "").trim();
      int end = rest.indexOf(';');
      return (end < 0 ? rest : rest.substring(0, end)).trim();
    }
  }

  private static Charset charset(String declared) {
    if (declared == null || declared.isBlank()) {
      return null;
    }
    String name = MimeUtility.javaCharset(declared.trim());
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isAscii(Charset charset) {
    return charset.equals(StandardCharsets.US_ASCII);
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
