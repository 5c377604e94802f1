package dev.switchboard.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The whole-number query parameter every admin list reads its {@code limit} with. */
class RequestHeadTest {

  @Test
  void aNumberInRangeIsReadAndAnAbsentOneIsEmpty() {
    assertThat(head("limit", "0").intQueryParam("limit", 0, Integer.MAX_VALUE)).contains(0);
    assertThat(head("limit", "1000").intQueryParam("limit", 1, 1000)).contains(1000);
    assertThat(head("other", "5").intQueryParam("limit", 1, 1000)).isEmpty();
  }

  @Test
  void anythingElseIsABadRequestNamingTheParameterAndTheRange() {
    for (String bad : List.of("1001", "0", "-1", "two", "", "1e3", "99999999999")) {
      HttpException e = catchThrowableOfType(() -> head("limit", bad).intQueryParam("limit", 1, 1000),
          HttpException.class);
      assertThat(e).as(bad).isNotNull();
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("invalid_parameter");
      assertThat(e.getMessage()).isEqualTo("limit: \"" + bad + "\" is not a number from 1 to 1000.");
    }
  }

  private static RequestHead head(String name, String value) {
    return new RequestHead() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/api/x";
      }

      @Override
      public String uri() {
        return "/api/x?" + name + "=" + value;
      }

      @Override
      public String pathParam(String param) {
        throw new IllegalArgumentException(param);
      }

      @Override
      public Map<String, List<String>> queryParams() {
        return Map.of(name, List.of(value));
      }

      @Override
      public Optional<String> header(String header) {
        return Optional.empty();
      }

      @Override
      public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
      }
    };
  }
}
