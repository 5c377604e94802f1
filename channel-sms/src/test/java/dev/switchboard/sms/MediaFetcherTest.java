package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.testing.StoredContent;
import dev.switchboard.config.DataSize;
import dev.switchboard.core.testing.MemoryBlobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MediaFetcherTest {

  private static final String MM = "MM0123456789abcdef0123456789abcdef";

  private FakeTwilioApi twilio;
  private final MemoryBlobStore blobs = new MemoryBlobStore();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private MediaFetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    twilio = new FakeTwilioApi();
    SmsSettings settings = SmsSettings.from(TestConfigs.gateway(TestConfigs.PUBLIC_URL,
        TestConfigs.sms(twilio.baseUrl(), DataSize.ofKilobytes(64))));
    fetcher = new MediaFetcher(settings, blobs, new SmsMetrics(meters), MediaFetcher.newHttpClient());
  }

  @AfterEach
  void stop() {
    twilio.close();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 7);
    return b;
  }

  @Test
  void fetchesWithTheAccountsCredentialsAndStoresTheContent() throws Exception {
    URI url = twilio.addMedia(MM, "ME0", "image/jpeg", bytes(1000));

    MediaFetcher.Outcome outcome = fetcher.fetch(MM, new InboundSms.Media(0, url, "image/jpeg"));

    assertThat(outcome).isInstanceOf(MediaFetcher.Outcome.Stored.class);
    var ref = ((MediaFetcher.Outcome.Stored) outcome).attachment().ref();
    assertThat(ref.size()).isEqualTo(1000);
    assertThat(ref.contentType()).isEqualTo("image/jpeg");
    assertThat(ref.filename()).isEqualTo(MM + "-0.jpg");
    assertThat(StoredContent.read(blobs, ref.sha256())).isEqualTo(bytes(1000));
    assertThat(twilio.mediaRequests()).singleElement().satisfies(r -> assertThat(r.authorization())
        .contains(FakeTwilioApi.basicAuth(FakeTwilioApi.ACCOUNT_SID, FakeTwilioApi.AUTH_TOKEN)));
  }

  @Test
  void followsTwiliosRedirectToItsCdnWithoutTheCredentials() {
    URI url = twilio.addMedia(MM, "ME1", "image/png", bytes(10), true, true);

    assertThat(fetcher.fetch(MM, new InboundSms.Media(1, url, "image/png")))
        .isInstanceOf(MediaFetcher.Outcome.Stored.class);
    assertThat(twilio.mediaRequests()).hasSize(2);
    assertThat(twilio.mediaRequests().get(0).authorization()).isPresent();
    assertThat(twilio.mediaRequests().get(1).path()).startsWith("/cdn/");
    assertThat(twilio.mediaRequests().get(1).authorization()).isEmpty();
  }

  @Test
  void urlOutsideTheApiIsNeverFetched() {
    URI evil = URI.create("http://169.254.169.254/latest/meta-data/iam");

    MediaFetcher.Outcome outcome = fetcher.fetch(MM, new InboundSms.Media(0, evil, "image/jpeg"));

    assertThat(outcome).isEqualTo(new MediaFetcher.Outcome.Refused("outside_api",
        "169.254.169.254 is not the configured API " + twilio.baseUrl()));
    assertThat(twilio.mediaRequests()).isEmpty();
    assertThat(meters.counter("switchboard.sms.media.refused", "reason", "outside_api").count()).isEqualTo(1);
  }

  @Test
  void sameHostOnAnotherPortIsOutsideTheApi() {
    URI base = URI.create("https://api.twilio.com");
    assertThat(MediaFetcher.underApiBase(base, URI.create("https://api.twilio.com/2010-04-01/x"))).isTrue();
    assertThat(MediaFetcher.underApiBase(base, URI.create("https://API.twilio.com:443/2010-04-01/x"))).isTrue();
    assertThat(MediaFetcher.underApiBase(base, URI.create("https://api.twilio.com:8443/x"))).isFalse();
    assertThat(MediaFetcher.underApiBase(base, URI.create("http://api.twilio.com/x"))).isFalse();
    assertThat(MediaFetcher.underApiBase(base, URI.create("https://api.twilio.com.evil.io/x"))).isFalse();
    assertThat(MediaFetcher.underApiBase(base, URI.create("https://user@api.twilio.com/x"))).isFalse();
  }

  @Test
  void mediaDeclaredLargerThanTheLimitIsRefused() {
    URI url = twilio.addMedia(MM, "ME2", "video/mp4", bytes(65 * 1024));

    assertThat(fetcher.fetch(MM, new InboundSms.Media(0, url, "video/mp4")))
        .isInstanceOfSatisfying(MediaFetcher.Outcome.Refused.class, r -> assertThat(r.reason()).isEqualTo("too_large"));
    assertThat(blobs.size()).isZero();
  }

  @Test
  void streamedMediaThatGrowsPastTheLimitIsRefused() {
    URI url = twilio.addMedia(MM, "ME3", "video/mp4", bytes(65 * 1024), false, false);

    assertThat(fetcher.fetch(MM, new InboundSms.Media(0, url, "video/mp4")))
        .isInstanceOfSatisfying(MediaFetcher.Outcome.Refused.class, r -> assertThat(r.reason()).isEqualTo("too_large"));
    assertThat(blobs.size()).isZero();
    assertThat(meters.counter("switchboard.sms.media.refused", "reason", "too_large").count()).isEqualTo(1);
  }

  @Test
  void missingMediaIsAFetchFailure() {
    URI url = twilio.baseUrl().resolve("/2010-04-01/Accounts/" + FakeTwilioApi.ACCOUNT_SID + "/Messages/" + MM
        + "/Media/MEgone");

    assertThat(fetcher.fetch(MM, new InboundSms.Media(0, url, null)))
        .isEqualTo(new MediaFetcher.Outcome.Refused("fetch_failed", "HTTP 404 from 127.0.0.1"));
  }
}
