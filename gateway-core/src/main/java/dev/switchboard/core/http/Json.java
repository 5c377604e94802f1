package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The gateway's one JSON mapper: ISO-8601 instants, no nulls dropped, unknown fields ignored on read. Frames
 * on the hot path are written with {@link #stream} and read with {@link #parser}, without a tree between.
 */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      // Registered after JavaTimeModule, so it wins for Instant: the same text, without the formatter.
      .addModule(new SimpleModule("iso-instant").addSerializer(Instant.class, new IsoInstantSerializer()))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one JSON value through a streaming generator, as text. */
  public static String stream(Writing body) {
    SegmentedStringWriter out = new SegmentedStringWriter(MAPPER.getFactory()._getBufferRecycler());
    try {
      try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
        body.write(g);
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A streaming parser over {@code text}; its {@code readValueAs} uses this mapper. */
  public static JsonParser parser(String text) throws IOException {
    return MAPPER.getFactory().createParser(text);
  }

  /** What {@link #stream} writes. */
  @FunctionalInterface
  public interface Writing {
    void write(JsonGenerator g) throws IOException;
  }

  /** Parses JSON text; throws {@link JsonProcessingException} when it is not JSON. */
  public static JsonNode read(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  private static final class IsoInstantSerializer extends StdSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    IsoInstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator g, SerializerProvider provider) throws IOException {
      g.writeString(IsoInstant.format(value));
    }
  }
}
