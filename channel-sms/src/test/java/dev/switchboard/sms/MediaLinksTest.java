package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaLinksTest {

  private final MediaLinks links = new MediaLinks((id, ttl) -> URI.create("https://s.example/media/" + id + "?ttl=" + ttl.toHours()));

  private static Message reply(String text, AttachmentRef... files) {
    return new Message(MessageId.random(), ConversationId.random(), Direction.OUT, "alice", text, null, List.of(files),
        null, DeliveryStatus.QUEUED, null, Instant.parse("2026-11-30T10:00:00Z"));
  }

  private static AttachmentRef file(String id, String name, String type) {
    return new AttachmentRef(id, "a".repeat(64), name, type, 10, false);
  }

  @Test
  void picturesBecomeMediaFetchedWithinAnHourAndOtherFilesALinkInTheText() {
    MediaLinks.Parts parts = links.parts(reply("See these.", file("p1", "a.png", "image/png"),
        file("d1", "terms.pdf", "application/pdf")));

    assertThat(parts.mediaUrls()).containsExactly(URI.create("https://s.example/media/p1?ttl=1"));
    assertThat(parts.text()).isEqualTo("See these.\nterms.pdf: https://s.example/media/d1?ttl=" + Duration.ofDays(7).toHours());
  }

  @Test
  void aPictureAloneIsAnMmsWithoutText() {
    MediaLinks.Parts parts = links.parts(reply("", file("p1", "a.jpg", "image/jpeg")));

    assertThat(parts.text()).isEmpty();
    assertThat(parts.mediaUrls()).hasSize(1);
  }
}
