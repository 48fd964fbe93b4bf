package org.segmentofone.lookup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RankedListsTest {
  @Test
  void rowsLandInTheirKeysRangeSortedByRankWhateverTheReadOrder() {
    RankedLists.Builder b = new RankedLists.Builder(true);
    int[][] rows = {{2, 3, 30}, {0, 2, 20}, {2, 1, 10}, {0, 1, 11}, {2, 2, 12}};
    for (int[] r : rows) {
      b.count(r[0]);
    }
    b.allocate();
    for (int[] r : rows) {
      b.put(r[0], r[1], r[2], r[2] + 1000, r[2] / 10f, Float.NaN);
    }
    RankedLists l = b.build();

    assertThat(l.keys()).isEqualTo(3);
    assertThat(l.rows()).isEqualTo(5);
    assertThat(items(l, 0)).isEqualTo("11 20");
    assertThat(items(l, 1)).isEmpty();
    assertThat(items(l, 2)).isEqualTo("10 12 30");
    assertThat(l.label(l.begin(2))).isEqualTo(1010);
    assertThat(l.score(l.begin(2) + 2)).isEqualTo(3f);
    assertThat(l.extra(l.begin(2))).isNaN();
    // Keys beyond the table (a person known only to identity_map) have an empty list.
    assertThat(l.begin(7)).isEqualTo(l.end(7));
    assertThat(l.begin(-1)).isEqualTo(l.end(-1));
  }

  @Test
  void codesAboveTwentyFourBitsAndRanksOutOfRangeAreRefused() {
    RankedLists.Builder b = new RankedLists.Builder(false);
    b.count(0);
    b.allocate();
    assertThatThrownBy(() -> b.put(0, 1, 1 << 24, 0, 1f, Float.NaN))
        .hasMessage("code 16777216 does not fit in 24 bits (more than 16,777,216 distinct values)");
    assertThatThrownBy(() -> b.put(0, 0, 1, 0, 1f, Float.NaN))
        .hasMessage("ranks must be 1..1 for each of its lists, got 0");
    assertThatThrownBy(() -> b.put(0, 2, 1, 0, 1f, Float.NaN))
        .hasMessage("ranks must be 1..1 for each of its lists, got 2");
  }

  @Test
  void aRankTakenTwiceOrAListLeftShortIsRefused() {
    RankedLists.Builder b = new RankedLists.Builder(false);
    b.count(0);
    b.count(0);
    b.allocate();
    b.put(0, 1, 5, 0, 1f, Float.NaN);
    assertThatThrownBy(() -> b.put(0, 1, 6, 0, 1f, Float.NaN))
        .hasMessage("rank 1 appears twice in one list");
    assertThatThrownBy(b::build).hasMessage("the table changed between the two passes of the load");
  }

  private static String items(RankedLists l, int key) {
    StringBuilder s = new StringBuilder();
    for (int r = l.begin(key); r < l.end(key); r++) {
      s.append(s.length() == 0 ? "" : " ").append(l.item(r));
    }
    return s.toString();
  }
}
