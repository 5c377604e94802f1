package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a desk gets when it signs in: {@code ready} from the router's state, and every open offer once. */
class DeskSignInTest {

  static final String CAROL = OneAgentGateway.TOKEN;
  static final int HELD = 25;

  @RegisterExtension
  static final GatewayExtension gateway = OneAgentGateway.agent("carol").withSmsCapacity(100).extension();

  private static boolean offerOf(JsonNode f, ConversationId id) {
    return f.path("type").asText().equals("offer") && f.path("conversationId").asText().equals(id.value());
  }

  private static List<String> ids(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
  }

  /** The ids of every offer that reached {@code desk}: listed in its ready and as offer frames. */
  private static List<String> offersSeen(DeskClient desk) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : desk.seen()) {
      if (f.path("type").asText().equals("ready")) {
        out.addAll(ids(f.path("offers"), "conversationId"));
      } else if (f.path("type").asText().equals("offer")) {
        out.add(f.path("conversationId").asText());
      }
    }
    return out;
  }

  @Test
  void readyListsEveryHeldConversationAndEachOpenOfferReachesANewDeskOnce() {
    List<String> held = new ArrayList<>();
    List<ConversationId> open = new ArrayList<>();
    try (DeskClient first = DeskClient.signIn(gateway.wsUri("/agent/ws"), CAROL)) {
      for (int i = 0; i < HELD; i++) {
        ConversationId id = gateway.inboundSms("held " + i);
        first.next(f -> offerOf(f, id), "offer of " + id);
        first.send(frame("accept").put("conversationId", id.value()));
        first.next(f -> f.path("type").asText().equals("assigned")
            && f.path("conversationId").asText().equals(id.value()), "assigned " + id);
        held.add(id.value());
      }
      for (int i = 0; i < 2; i++) {
        ConversationId id = gateway.inboundSms("offered " + i);
        first.next(f -> offerOf(f, id), "offer of " + id);
        open.add(id);
      }

      // a second tab: the offers open before it are in its ready, and not sent again as offer frames
      try (DeskClient second = DeskClient.signIn(gateway.wsUri("/agent/ws"), CAROL)) {
        JsonNode ready = second.seen().get(second.seen().size() - 1);
        assertThat(ready.path("agent").asText()).isEqualTo("carol");
        assertThat(ready.path("presence").asText()).isEqualTo("available");
        assertThat(ids(ready.path("conversations"), "id")).containsExactlyInAnyOrderElementsOf(held);
        for (JsonNode c : ready.path("conversations")) {
          assertThat(c.path("assignee").asText()).isEqualTo("carol");
          assertThat(c.path("status").asText()).isEqualTo("assigned");
          assertThat(c.path("channel").asText()).isEqualTo("sms");
          assertThat(c.path("ref").asText()).isNotEmpty();
        }
        assertThat(ready.path("offers")).hasSize(2);
        for (JsonNode o : ready.path("offers")) {
          assertThat(o.path("tier").asText()).isEqualTo("standard");
          assertThat(o.path("channel").asText()).isEqualTo("sms");
          assertThat(o.path("expiresAt").asText()).isNotEmpty();
        }
        assertThat(ids(ready.path("offers"), "conversationId"))
            .containsExactlyInAnyOrder(open.get(0).value(), open.get(1).value());

        ConversationId later = gateway.inboundSms("after the second tab");
        second.next(f -> offerOf(f, later), "offer of " + later); // frames arrive in order: any copy came before
        assertThat(offersSeen(second)).containsExactlyInAnyOrder(open.get(0).value(), open.get(1).value(),
            later.value());
        open.add(later);
      }
    }

    // every desk closed: the held conversations stay carol's (grace)
    try (DeskClient back = DeskClient.signIn(gateway.wsUri("/agent/ws"), CAROL)) {
      JsonNode ready = back.seen().get(back.seen().size() - 1);
      assertThat(ids(ready.path("conversations"), "id")).containsExactlyInAnyOrderElementsOf(held);
      // whether the closes reached the router before this sign-in (offers revoked, then made again as
      // offer frames) or after it (still open, so listed in ready), each offer arrives once
      for (ConversationId id : open) {
        if (!offersSeen(back).contains(id.value())) {
          back.next(f -> offerOf(f, id), "the offer of " + id);
        }
      }
      ConversationId last = gateway.inboundSms("last");
      back.next(f -> offerOf(f, last), "offer of " + last);
      List<String> seen = offersSeen(back);
      assertThat(seen).doesNotHaveDuplicates()
          .containsExactlyInAnyOrder(open.get(0).value(), open.get(1).value(), open.get(2).value(), last.value());
    }
  }
}
