package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientFrameParserTest {

  private final ClientFrameParser parser = new ClientFrameParser(10);

  @Test
  void helloWithEverything() {
    String token = VisitorToken.mint().value();
    ClientFrame f = parser.parse("{\"type\":\"hello\",\"visitorToken\":\"" + token
        + "\",\"name\":\"  Ada \",\"email\":\"ada@example.com\",\"resumeAfter\":42}");
    assertThat(f).isEqualTo(new ClientFrame.Hello(token, "Ada", "ada@example.com", 42L, null));
  }

  @Test
  void bareHelloAsksForANewToken() {
    assertThat(parser.parse("{\"type\":\"hello\"}")).isEqualTo(new ClientFrame.Hello(null, null, null, null, null));
  }

  @Test
  void helloWithAForgedTokenFormatIsRefused() {
    assertThat(parser.parse("{\"type\":\"hello\",\"visitorToken\":\"../../etc\"}"))
        .isInstanceOfSatisfying(ClientFrame.Invalid.class, i -> assertThat(i.code()).isEqualTo("bad_token"));
  }

  @Test
  void helloWithSomethingThatIsNoEmailAddressIsRefused() {
    assertThat(parser.parse("{\"type\":\"hello\",\"email\":\"not an address\"}"))
        .isInstanceOfSatisfying(ClientFrame.Invalid.class, i -> assertThat(i.code()).isEqualTo("bad_email"));
  }

  @Test
  void negativeOrFractionalResumeAfterIsRefused() {
    assertThat(parser.parse("{\"type\":\"hello\",\"resumeAfter\":-1}")).isInstanceOf(ClientFrame.Invalid.class);
    assertThat(parser.parse("{\"type\":\"hello\",\"resumeAfter\":1.5}")).isInstanceOf(ClientFrame.Invalid.class);
  }

  @Test
  void messageIsTrimmedAndKeepsItsClientId() {
    assertThat(parser.parse("{\"type\":\"message\",\"text\":\" hi \",\"clientId\":\"c-1\"}"))
        .isEqualTo(new ClientFrame.SendMessage("hi", "c-1"));
  }

  @Test
  void messageLongerThanTheLimitIsRefusedWithItsClientId() {
    assertThat(parser.parse("{\"type\":\"message\",\"text\":\"12345678901\",\"clientId\":\"c-2\"}"))
        .isEqualTo(new ClientFrame.Invalid("message_too_long", "The message is longer than 10 characters.", "c-2"));
  }

  @Test
  void lengthCountsCharactersNotUtf16Units() {
    String tenEmoji = "😀".repeat(10);
    assertThat(parser.parse("{\"type\":\"message\",\"text\":\"" + tenEmoji + "\",\"clientId\":\"c\"}"))
        .isInstanceOf(ClientFrame.SendMessage.class);
  }

  @Test
  void messageWithoutClientIdIsRefused() {
    assertThat(parser.parse("{\"type\":\"message\",\"text\":\"hi\"}"))
        .isInstanceOfSatisfying(ClientFrame.Invalid.class, i -> assertThat(i.code()).isEqualTo("bad_client_id"));
  }

  @Test
  void blankMessageIsRefused() {
    assertThat(parser.parse("{\"type\":\"message\",\"text\":\"  \",\"clientId\":\"c\"}"))
        .isInstanceOfSatisfying(ClientFrame.Invalid.class, i -> assertThat(i.code()).isEqualTo("empty_message"));
  }

  @Test
  void garbageAndUnknownTypesGetClearCodes() {
    assertThat(((ClientFrame.Invalid) parser.parse("not json")).code()).isEqualTo("bad_json");
    assertThat(((ClientFrame.Invalid) parser.parse("[1,2]")).code()).isEqualTo("bad_frame");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"text\":\"x\"}")).code()).isEqualTo("bad_frame");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"auth\"}")).code()).isEqualTo("unknown_type");
  }

  @Test
  void typingNeedsNothingElse() {
    assertThat(parser.parse("{\"type\":\"typing\"}")).isEqualTo(new ClientFrame.Typing());
  }
  @Test
  void theTypeMayComeAfterTheOtherFieldsAndUnknownFieldsAreSkipped() {
    assertThat(parser.parse("{\"text\":\"hi\",\"meta\":{\"a\":[1,{\"b\":\"x\"}],\"c\":null},\"tags\":[\"t\"],"
        + "\"n\":1.5e3,\"ok\":true,\"clientId\":\"c1\",\"type\":\"message\"}"))
        .isEqualTo(new ClientFrame.SendMessage("hi", "c1"));
  }

  @Test
  void aRepeatedFieldKeepsItsLastValueAndNullCountsAsAbsent() {
    assertThat(parser.parse("{\"type\":\"message\",\"clientId\":\"a\",\"text\":\"one\",\"text\":\"two\",\"clientId\":\"b\"}"))
        .isEqualTo(new ClientFrame.SendMessage("two", "b"));
    assertThat(parser.parse("{\"type\":\"message\",\"clientId\":\"a\",\"text\":\"one\",\"text\":null}"))
        .isEqualTo(new ClientFrame.Invalid("empty_message", "A message needs some text.", "a"));
    assertThat(parser.parse("{\"type\":\"hello\",\"resumeAfter\":3,\"resumeAfter\":null}"))
        .isEqualTo(new ClientFrame.Hello(null, null, null, null, null));
  }

  @Test
  void aTextFieldGivenAnotherKindOfValueReadsAsAbsent() {
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"message\",\"clientId\":7,\"text\":\"hi\"}")).code())
        .isEqualTo("bad_client_id");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"message\",\"clientId\":\"c\",\"text\":[\"hi\"]}")).code())
        .isEqualTo("empty_message");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":{\"is\":\"message\"}}")).code()).isEqualTo("bad_frame");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"hello\",\"resumeAfter\":\"3\"}")).code())
        .isEqualTo("bad_frame");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"hello\",\"resumeAfter\":99999999999999999999}")).code())
        .isEqualTo("bad_frame");
  }

  @Test
  void brokenJsonAnywhereIsBadJsonEvenInAFieldThatIsSkipped() {
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"typing\",\"x\":[1,,2]}")).code()).isEqualTo("bad_json");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"typing\",\"x\":\"a" + (char) 1 + "b\"}")).code())
        .isEqualTo("bad_json");
    assertThat(((ClientFrame.Invalid) parser.parse("{\"type\":\"typing\"")).code()).isEqualTo("bad_json");
    assertThat(((ClientFrame.Invalid) parser.parse("[1,")).code()).isEqualTo("bad_json");
    assertThat(((ClientFrame.Invalid) parser.parse("")).code()).isEqualTo("bad_frame");
  }
}
