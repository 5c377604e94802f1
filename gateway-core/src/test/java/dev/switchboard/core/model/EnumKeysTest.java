package dev.switchboard.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The model's enums name themselves in JSON, SQL and URLs by a lower-case key, made once per constant. */
class EnumKeysTest {

  @Test
  void everyKeyIsTheLowerCaseNameReadBackByOfKeyAndMadeOnce() {
    check(Channel.values(), Channel::key, Channel::ofKey);
    check(ConversationStatus.values(), ConversationStatus::key, ConversationStatus::ofKey);
    check(IdentityKind.values(), IdentityKind::key, IdentityKind::ofKey);
    check(Direction.values(), Direction::key, Direction::ofKey);
    check(DeliveryStatus.values(), DeliveryStatus::key, DeliveryStatus::ofKey);
    check(CsatSurvey.Status.values(), CsatSurvey.Status::key, null);
  }

  private static <E extends Enum<E>> void check(E[] values, Function<E, String> key, Function<String, E> ofKey) {
    for (E value : values) {
      String k = key.apply(value);
      assertThat(k).isEqualTo(value.name().toLowerCase(Locale.ROOT));
      // The same String every time: the key is on every message's path, so it must not be made per call.
      assertThat(key.apply(value)).isSameAs(k);
      if (ofKey != null) {
        assertThat(ofKey.apply(k)).isSameAs(value);
      }
    }
  }
}
