package dev.switchboard.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

  /** The mapper as it was before the fast serializer: JavaTimeModule's formatter. */
  private static final ObjectMapper FORMATTER_MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  @Property(tries = 5000)
  void writesWhatInstantToStringWrites(
      @ForAll @LongRange(min = -70_000_000_000L, max = 260_000_000_000L) long epochSecond,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nano, @ForAll @IntRange(min = 0, max = 3) int precision) {
    // Whole seconds, millis, micros and nanos all occur, as they do from clocks and the store.
    int n = switch (precision) {
      case 0 -> 0;
      case 1 -> nano / 1_000_000 * 1_000_000;
      case 2 -> nano / 1_000 * 1_000;
      default -> nano;
    };
    Instant t = Instant.ofEpochSecond(epochSecond, n);
    assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
  }

  @Test
  void edgesOfTheDirectRangeAndOfTheCalendar() {
    for (String s : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.100Z", "2024-02-29T23:59:59.000001Z",
        "2100-03-01T00:00:00Z", "1900-02-28T00:00:00.010Z")) {
      Instant t = Instant.parse(s);
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString()).isEqualTo(s);
    }
    for (Instant outside : List.of(Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("-0001-12-31T23:59:59Z"))) {
      assertThat(IsoInstant.format(outside)).isEqualTo(outside.toString());
    }
  }

  @Test
  void theGatewayMapperWritesInstantsAsJavaTimeModuleDid() throws Exception {
    Map<String, Object> value = Map.of("at", Instant.parse("2026-11-30T13:15:05.120500Z"),
        "list", List.of(Instant.EPOCH, Instant.parse("2026-11-30T13:15:05.000000001Z")));
    assertThat(Json.writeString(value)).isEqualTo(FORMATTER_MAPPER.writeValueAsString(value));
    assertThat(Json.mapper().readValue("\"2026-11-30T13:15:05.120500Z\"", Instant.class))
        .isEqualTo(Instant.parse("2026-11-30T13:15:05.120500Z"));
  }
}
