package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The ranked set answers as a {@link TreeSet} whose head set is counted, after any adds and removes. */
class RankedSetProperties {

  @Property(tries = 300)
  void countsWhatIsBelowLikeASortedSet(
      @ForAll @Size(max = 300) List<@IntRange(min = -60, max = 60) Integer> ops) {
    RankedSet<Integer> ranked = new RankedSet<>(Comparator.naturalOrder());
    TreeSet<Integer> reference = new TreeSet<>();
    for (int op : ops) {
      int v = Math.abs(op) / 2;
      // Negative values remove, the rest add: both paths run on the same small range, so they collide.
      boolean changed = op < 0 ? ranked.remove(v) : ranked.add(v);
      boolean expected = op < 0 ? reference.remove(v) : reference.add(v);
      assertThat(changed).isEqualTo(expected);
      assertThat(ranked.size()).isEqualTo(reference.size());
      for (int probe = -1; probe <= 31; probe += 4) {
        assertThat(ranked.countBelow(probe)).as("below %s", probe).isEqualTo(reference.headSet(probe).size());
      }
      assertThat(ranked.contains(v)).isEqualTo(reference.contains(v));
    }
  }
}
