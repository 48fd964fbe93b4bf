package org.segmentofone.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segmentofone.lookup.store.SnapshotLoader;

/** A poll between nights lists the tables' logs and plans nothing unless a table moved. */
class PollTest {
  @Test
  void theListedVersionsEqualThePlansUntilATableGetsANewCommit() {
    TestWarehouse w = Night.warehouse("poll");
    SnapshotLoader loader = new SnapshotLoader(w.path().toString(), Night.CLOCK);
    SnapshotLoader.Plan plan = loader.plan();
    Map<String, Long> planned = plan.watchedVersions();
    assertThat(planned)
        .containsOnlyKeys(
            "model_runs",
            "recommendations",
            "similar_products",
            "bought_together",
            "trending",
            "identity_map",
            "identity_merges");
    assertThat(loader.latestVersions(planned)).isEqualTo(planned);

    // Tomorrow's connect: identity_map gets a commit (one that leaves the served rows alone).
    Night.tomorrowsConnect(w);
    Map<String, Long> latest = loader.latestVersions(planned);
    assertThat(latest.get("identity_map")).isEqualTo(planned.get("identity_map") + 1);
    assertThat(latest).containsAllEntriesOf(withoutKey(planned, "identity_map"));
    assertThat(loader.plan().watchedVersions()).isEqualTo(latest);
  }

  @Test
  void aTableWhoseKnownCommitIsGoneCountsAsChanged() {
    TestWarehouse w = Night.warehouse("poll-gone");
    SnapshotLoader loader = new SnapshotLoader(w.path().toString(), Night.CLOCK);
    Map<String, Long> planned = new java.util.HashMap<>(loader.plan().watchedVersions());
    planned.put("trending", planned.get("trending") + 5);
    assertThat(loader.latestVersions(planned).get("trending")).isEqualTo(-1L);
  }

  private static Map<String, Long> withoutKey(Map<String, Long> m, String key) {
    Map<String, Long> copy = new java.util.HashMap<>(m);
    copy.remove(key);
    return copy;
  }
}
