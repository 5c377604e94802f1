package dev.switchboard.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdsTest {

  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  @Test
  void eachNewMillisecondGetsRandomBitsNotUsedBeforeAcrossManyRandomBlocks() {
    AtomicLong now = new AtomicLong(1_700_000_000_000L);
    Ids.Source ids = new Ids.Source(now::getAndIncrement, new SecureRandom());
    int millis = Ids.RANDOM_BLOCK * 3; // each block serves RANDOM_BLOCK / 10 milliseconds: many refills
    Set<String> tails = new HashSet<>();
    List<String> made = new ArrayList<>();
    for (int i = 0; i < millis; i++) {
      String id = ids.next();
      made.add(id);
      tails.add(id.substring(10));
      // 15 random bits on top: the first random digit is below 16, so counting up cannot overflow.
      assertThat(CROCKFORD.indexOf(id.charAt(10))).isBetween(0, 15);
    }
    assertThat(tails).hasSize(millis);
    assertThat(made).isSorted();
  }

  @Test
  void idsOfOneMillisecondCountUpFromItsRandomStart() {
    Ids.Source ids = new Ids.Source(() -> 42L, new SecureRandom());
    String first = ids.next();
    String second = ids.next();
    assertThat(second.substring(0, 10)).isEqualTo(first.substring(0, 10));
    assertThat(decode(second.substring(10))).isEqualTo(decode(first.substring(10)) + 1);
  }

  @Test
  void aClockGoingBackKeepsIdsInOrder() {
    long[] times = {1_000L, 2_000L, 1_500L, 1_500L, 2_500L};
    int[] at = {0};
    Ids.Source ids = new Ids.Source(() -> times[at[0]++], new SecureRandom());
    List<String> made = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      made.add(ids.next());
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theProcessIdsAreTwentySixCrockfordCharactersAndLaterIdsSortLater() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      made.add(Ids.next());
    }
    assertThat(made).isSorted().doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).hasSize(26).matches("[" + CROCKFORD + "]{26}"));
  }

  /** The low 64 bits of a base-32 tail: enough to see a count up by one. */
  private static long decode(String tail) {
    long v = 0;
    for (char ch : tail.toCharArray()) {
      v = (v << 5) | CROCKFORD.indexOf(ch);
    }
    return v;
  }
}
