package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One customer across channels, end to end: the admin API and a supervisor's desk merge an SMS contact
 * into an e-mail contact, the assignee's {@code history} then holds both channels' conversations, and an
 * unmerge takes them apart again. Refused merges answer 400/404/409 and change nothing.
 */
class ContactMergeDeskTest {

  static final String ALICE = "alice-token";
  static final String SAM = "sam-token";
  static final String ADMIN = "admin-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);
  static final TestChannelAdapter EMAIL = new TestChannelAdapter(Channel.EMAIL);

  static final String YAML = """
      admin: { tokens: ["admin-token"] }
      routing:
        offerTimeout: 1h
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            tiers: [standard], capacity: { sms: 50, email: 50 } }
        - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
            tiers: [vip], supervisor: true, capacity: { chat: 1 } }
      """;

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml(YAML).adapters(SMS, EMAIL).build();

  private static final AtomicInteger numbers = new AtomicInteger(4000);

  private static ConversationId sms(String from, String text) {
    return ingest(InboundMessage.builder(Channel.SMS, Identity.phone(from), "SM" + UUID.randomUUID(),
        "+15550001111|" + from).text(text).receivedAt(Instant.now()).build());
  }

  private static ConversationId email(String from, String text) {
    String id = "<" + UUID.randomUUID() + "@mail.example.com>";
    return ingest(InboundMessage.builder(Channel.EMAIL, Identity.email(from), id, id).senderName("Erin Mail")
        .subject("Invoice").text(text).receivedAt(Instant.now()).build());
  }

  private static ConversationId ingest(InboundMessage m) {
    return gateway.gateway().ingest().accept(m).toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
  }

  private static ContactId contactOf(ConversationId id) {
    return gateway.store().conversation(id).toCompletableFuture().orTimeout(10, SECONDS).join().orElseThrow().contactId();
  }

  private static JsonNode about(DeskClient c, String type, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals(type)
        && f.path("conversationId").asText().equals(id.value()), type + " of " + id);
  }

  private static HttpResponse<String> post(String path, String json, String token) throws Exception {
    return gateway.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), token);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.read(r.body());
  }

  private static String phone() {
    return "+1555300" + numbers.incrementAndGet();
  }

  @Test
  void anAdminMergeShowsTheAssigneeBothHistoriesAndAnUnmergeTakesThemApart() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      String address = "erin-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
      String number = phone();
      ConversationId mail = email(address, "My invoice is wrong");
      about(alice, "offer", mail);
      ConversationId text = sms(number, "Did you get my mail?");
      about(alice, "offer", text);
      alice.send(frame("accept").put("conversationId", text.value()));
      assertThat(about(alice, "assigned", text).path("otherConversations")).isEmpty();
      ContactId erin = contactOf(mail);
      ContactId phoneContact = contactOf(text);

      HttpResponse<String> merged = post("/api/contacts/" + erin + "/merge", "{\"from\":\"" + phoneContact + "\"}", ADMIN);

      assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
      JsonNode merge = json(merged).path("merge");
      assertThat(merge.path("mergedBy").asText()).isEqualTo("admin");
      assertThat(merge.path("identities").findValuesAsText("value")).containsExactly(number);
      assertThat(merge.path("conversations").toString()).isEqualTo("[\"" + text.value() + "\"]");
      assertThat(json(merged).path("moved").findValuesAsText("id")).containsExactly(text.value());
      alice.send(frame("history").put("conversationId", text.value()));
      JsonNode history = about(alice, "history", text);
      assertThat(history.path("contact").path("id").asText()).isEqualTo(erin.value());
      assertThat(history.path("contact").path("identities").findValuesAsText("value")).contains(address, number);
      assertThat(history.path("otherConversations").findValuesAsText("id")).containsExactly(mail.value());
      assertThat(history.path("otherConversations").get(0).path("channel").asText()).isEqualTo("email");
      JsonNode detail = json(gateway.get("/api/contacts/" + erin, ADMIN));
      assertThat(detail.path("conversations").findValuesAsText("id")).containsExactlyInAnyOrder(mail.value(), text.value());
      assertThat(json(gateway.get("/api/contacts/" + phoneContact, ADMIN)).path("mergedInto").asText())
          .isEqualTo(erin.value());
      // The next text from that phone goes on in the same conversation, now the e-mail contact's.
      assertThat(sms(number, "Hello again")).isEqualTo(text);

      HttpResponse<String> undone = post("/api/contacts/" + erin + "/unmerge",
          "{\"mergeId\":\"" + merge.path("id").asText() + "\"}", ADMIN);

      assertThat(undone.statusCode()).as(undone.body()).isEqualTo(200);
      assertThat(json(undone).path("merge").path("undoneBy").asText()).isEqualTo("admin");
      assertThat(json(undone).path("movedBack").findValuesAsText("id")).containsExactly(text.value());
      alice.send(frame("history").put("conversationId", text.value()));
      JsonNode apart = alice.next(f -> f.path("type").asText().equals("history")
          && f.path("contact").path("id").asText().equals(phoneContact.value()), "history after the unmerge");
      assertThat(apart.path("otherConversations")).isEmpty();
      assertThat(post("/api/contacts/" + erin + "/unmerge", "{\"mergeId\":\"" + merge.path("id").asText() + "\"}",
          ADMIN).statusCode()).isEqualTo(409);
    }
  }

  @Test
  void badMergesAreRefusedWithAClearErrorAndChangeNothing() throws Exception {
    ContactId a = contactOf(sms(phone(), "a"));
    ContactId b = contactOf(sms(phone(), "b"));

    HttpResponse<String> self = post("/api/contacts/" + a + "/merge", "{\"from\":\"" + a + "\"}", ADMIN);
    HttpResponse<String> unknownFrom = post("/api/contacts/" + a + "/merge", "{\"from\":\"" + ContactId.random() + "\"}", ADMIN);
    HttpResponse<String> unknownInto = post("/api/contacts/" + ContactId.random() + "/merge", "{\"from\":\"" + b + "\"}", ADMIN);
    HttpResponse<String> noFrom = post("/api/contacts/" + a + "/merge", "{}", ADMIN);
    HttpResponse<String> notJson = post("/api/contacts/" + a + "/merge", "from=b", ADMIN);
    HttpResponse<String> noToken = post("/api/contacts/" + a + "/merge", "{\"from\":\"" + b + "\"}", null);
    HttpResponse<String> unknownMerge = post("/api/contacts/" + a + "/unmerge", "{\"mergeId\":\"nope\"}", ADMIN);

    assertThat(self.statusCode()).isEqualTo(400);
    assertThat(json(self).path("error").asText()).isEqualTo("same_contact");
    assertThat(unknownFrom.statusCode()).isEqualTo(404);
    assertThat(json(unknownFrom).path("error").asText()).isEqualTo("unknown_contact");
    assertThat(unknownInto.statusCode()).isEqualTo(404);
    assertThat(noFrom.statusCode()).isEqualTo(400);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(unknownMerge.statusCode()).isEqualTo(404);
    assertThat(json(gateway.get("/api/contacts/" + b, ADMIN)).path("mergedInto").isNull()).isTrue();
    assertThat(gateway.get("/api/contacts/" + ContactId.random(), ADMIN).statusCode()).isEqualTo(404);
    assertThat(gateway.get("/api/contacts?q=" + "x".repeat(201), ADMIN).statusCode()).isEqualTo(400);
  }

  @Test
  void aSupervisorFindsAndMergesContactsOverTheDeskAndAnAgentMayNot() throws Exception {
    try (DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM);
        DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      String number = phone();
      ContactId byPhone = contactOf(sms(number, "hi"));
      String address = "fay-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
      ContactId byMail = contactOf(email(address, "hello"));

      alice.send(frame("merge_contacts").put("into", byMail.value()).put("from", byPhone.value()));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("forbidden");

      sam.send(frame("find_contacts").put("q", number.substring(1)));
      JsonNode found = sam.next("contacts");
      assertThat(found.path("contacts").findValuesAsText("id")).containsExactly(byPhone.value());
      sam.send(frame("merge_contacts").put("into", byMail.value()).put("from", byMail.value()));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("same_contact");
      sam.send(frame("merge_contacts").put("into", byMail.value()).put("from", byPhone.value()));
      JsonNode merged = sam.next("contacts_merged");

      assertThat(merged.path("merge").path("mergedBy").asText()).isEqualTo("sam");
      assertThat(merged.path("merge").path("identities").findValuesAsText("value")).containsExactly(number);
      JsonNode detail = json(gateway.get("/api/contacts/" + byMail, ADMIN));
      assertThat(detail.path("contact").path("identities").findValuesAsText("value")).contains(address, number);
      assertThat(detail.path("merges").findValuesAsText("mergedBy")).containsExactly("sam");
    }
  }

  @Test
  void aSupervisorListsAContactsMergesAndUndoesOneOverTheDeskAndAnAgentMayNot() throws Exception {
    try (DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM);
        DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      String number = phone();
      ConversationId text = sms(number, "hi");
      ContactId byPhone = contactOf(text);
      String address = "gus-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
      ContactId byMail = contactOf(email(address, "hello"));
      sam.send(frame("contact_merges").put("contactId", byMail.value()));
      assertThat(sam.next("contact_merges").path("merges")).isEmpty();
      sam.send(frame("merge_contacts").put("into", byMail.value()).put("from", byPhone.value()));
      String mergeId = sam.next("contacts_merged").path("merge").path("id").asText();

      sam.send(frame("contact_merges").put("contactId", byMail.value()));
      JsonNode listed = sam.next("contact_merges");
      assertThat(listed.path("contactId").asText()).isEqualTo(byMail.value());
      assertThat(listed.path("merges").findValuesAsText("id")).containsExactly(mergeId);
      assertThat(listed.path("merges").get(0).path("identities").findValuesAsText("value")).containsExactly(number);
      alice.send(frame("unmerge_contacts").put("into", byMail.value()).put("mergeId", mergeId));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("forbidden");
      sam.send(frame("unmerge_contacts").put("into", byMail.value()));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("bad_request");

      sam.send(frame("unmerge_contacts").put("into", byMail.value()).put("mergeId", mergeId));
      JsonNode undone = sam.next("contacts_unmerged");

      assertThat(undone.path("merge").path("undoneBy").asText()).isEqualTo("sam");
      assertThat(undone.path("moved").findValuesAsText("id")).containsExactly(text.value());
      assertThat(contactOf(text)).isEqualTo(byPhone);
      sam.send(frame("unmerge_contacts").put("into", byMail.value()).put("mergeId", mergeId));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("already_undone");
      sam.send(frame("contact_merges").put("contactId", byMail.value()));
      assertThat(sam.next("contact_merges").path("merges").get(0).path("undoneBy").asText()).isEqualTo("sam");
      sam.send(frame("contact_merges").put("contactId", ContactId.random().value()));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("unknown_contact");
    }
  }
}
