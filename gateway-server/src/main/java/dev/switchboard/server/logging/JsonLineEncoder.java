package dev.switchboard.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One log event as one line of JSON: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message}, {@code exception} (the stack trace, only when there is one), then each MDC
 * entry as a field of its own ({@code conversationId}, {@code agentId}, {@code channel}). An MDC key that would
 * overwrite one of the fixed fields is left out rather than shadowing it.
 */
final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> FIXED = Set.of("timestamp", "level", "logger", "thread", "message", "exception");
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null) {
        for (Map.Entry<String, String> e : mdc.entrySet()) {
          if (!FIXED.contains(e.getKey()) && e.getValue() != null) {
            g.writeStringField(e.getKey(), e.getValue());
          }
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    out.write('\n');
    return out.toByteArray();
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
