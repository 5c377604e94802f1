package dev.switchboard.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.AdminConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.RequestBody;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BearerAdminAuthTest {

  final AtomicReference<AdminConfig> config =
      new AtomicReference<>(new AdminConfig(List.of(new Secret("s3cret"), new Secret("other"))));
  final BearerAdminAuth auth = new BearerAdminAuth(config::get);

  @Test
  void missingTokenIs401() {
    assertThatThrownBy(() -> auth.require(request(null)))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo("unauthorized");
        });
    assertThatThrownBy(() -> auth.require(request("Basic czNjcmV0")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void wrongTokenIs403() {
    assertThatThrownBy(() -> auth.require(request("Bearer s3cre")))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.code()).isEqualTo("forbidden");
        });
  }

  @Test
  void anyConfiguredTokenIsAccepted() {
    assertThatCode(() -> auth.require(request("Bearer s3cret"))).doesNotThrowAnyException();
    assertThatCode(() -> auth.require(request("bearer   other "))).doesNotThrowAnyException();
  }

  @Test
  void reloadedTokensTakeEffectAtOnce() {
    config.set(new AdminConfig(List.of(new Secret("rotated"))));
    assertThatThrownBy(() -> auth.require(request("Bearer s3cret"))).isInstanceOf(HttpException.class);
    assertThatCode(() -> auth.require(request("Bearer rotated"))).doesNotThrowAnyException();
  }

  static HttpRequest request(String authorization) {
    return new HttpRequest() {
      @Override public String method() { return "GET"; }
      @Override public String path() { return "/api/conversations"; }
      @Override public String uri() { return path(); }
      @Override public String pathParam(String name) { throw new IllegalArgumentException(name); }
      @Override public Map<String, List<String>> queryParams() { return Map.of(); }
      @Override public Optional<String> header(String name) {
        return name.equalsIgnoreCase("authorization") ? Optional.ofNullable(authorization) : Optional.empty();
      }
      @Override public RequestBody body() { throw new UnsupportedOperationException(); }
      @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 1); }
    };
  }
}
