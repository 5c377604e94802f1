package dev.switchboard.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StaticResourceTest {

  @Test
  void everyPageCarriesAStrictPolicyAndMayNotBeFramed() {
    HttpResponse page = StaticResource.of(StaticResourceTest.class, "static-test/page.html").response();

    assertThat(page.contentType()).isEqualTo("text/html");
    assertThat(page.headers())
        .containsEntry("X-Frame-Options", "DENY")
        .containsEntry("Content-Security-Policy", StaticResource.CONTENT_SECURITY_POLICY);
    assertThat(StaticResource.CONTENT_SECURITY_POLICY)
        .contains("default-src 'none'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
  }

  @Test
  void scriptsAreServedAsTextJavascript() {
    HttpResponse js = StaticResource.of(StaticResourceTest.class, "static-test/page.js").response();

    assertThat(js.contentType()).isEqualTo("text/javascript");
    assertThat(js.headers()).containsEntry("X-Frame-Options", "DENY");
  }

  @Test
  void aMissingFileFailsAtStart() {
    assertThatThrownBy(() -> StaticResource.of(StaticResourceTest.class, "static-test/nope.html"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
