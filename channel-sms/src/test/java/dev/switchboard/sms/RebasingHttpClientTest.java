package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebasingHttpClientTest {

  @Test
  void replacesOnlySchemeHostAndPort() {
    Request original = new Request(HttpMethod.GET, "api", "/2010-04-01/Accounts/AC1/Messages.json");
    original.setAuth("AC1", "token");
    original.addQueryParam("To", "+15557654321");
    original.addPostParam("Body", "Hi & bye");
    original.addHeaderParam("X-Custom", "1");

    Request rebased = RebasingHttpClient.rebase(original, URI.create("http://127.0.0.1:8081"));

    assertThat(rebased.constructURL().toString())
        .isEqualTo("http://127.0.0.1:8081/2010-04-01/Accounts/AC1/Messages.json?To=%2B15557654321");
    assertThat(rebased.getMethod()).isEqualTo(HttpMethod.GET);
    assertThat(rebased.getAuthString()).isEqualTo(original.getAuthString());
    assertThat(rebased.getPostParams()).containsEntry("Body", List.of("Hi & bye"));
    assertThat(rebased.getHeaderParams()).containsEntry("X-Custom", List.of("1"));
  }

  @Test
  void keepsAProviderHostnameAsGiven() {
    Request original = new Request(HttpMethod.POST, "api", "/2010-04-01/Accounts/AC1/Messages.json");

    Request rebased = RebasingHttpClient.rebase(original, URI.create("https://sms.provider.example.com"));

    assertThat(rebased.constructURL().toString())
        .isEqualTo("https://sms.provider.example.com/2010-04-01/Accounts/AC1/Messages.json");
  }
}
