package org.segmentofone.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.common.Tables;
import org.segmentofone.lookup.store.Snapshot;

/** Hot reload: new versions are picked up and swapped in; failed loads keep the last good one. */
class ReloadTest {
  private static final String NEXT = "2026-11-23";
  // On the system clock the fixed nights are days old: health judges the reloads, not the age.
  private static final Map<String, String> AGELESS =
      Map.of("lookup.health.max-snapshot-age", "3650d");

  @Test
  void aNewlyPublishedNightIsLoadedBesideTheOldOneAndSwappedIn() throws Exception {
    TestWarehouse w = Night.warehouse("reload");
    try (TestService lookup = new TestService(w, AGELESS).awaitSnapshot()) {
      Snapshot first = lookup.service().snapshot();
      assertThat(firstItem(lookup)).isEqualTo("2026-11-22 prod-a");

      Night.next(w, NEXT, "prod-n");
      // Written but not published: still the old night.
      Thread.sleep(500);
      assertThat(firstItem(lookup)).isEqualTo("2026-11-22 prod-a");
      w.model(NEXT, "published", Instant.now());
      TestService.await(() -> firstItem(lookup).equals(NEXT + " prod-n"), "the new night");
      assertThat(reloads(lookup)).isEqualTo(2);
      // The old snapshot was left whole for the requests that were reading it.
      assertThat(first.run().runDate()).hasToString("2026-11-22");
      assertThat(first.placement("home").rows()).isEqualTo(7);

      // recommend rerun for the served night: same model, new files.
      Night.home(w, NEXT, "prod-r");
      TestService.await(() -> firstItem(lookup).equals(NEXT + " prod-r"), "the rewritten night");
      assertThat(reloads(lookup)).isEqualTo(3);

      // A version that leaves the served rows alone (tomorrow's connect) loads nothing.
      Night.tomorrowsConnect(w);
      long versionChecks = checksAfter(lookup, 5);
      assertThat(versionChecks).isPositive();
      assertThat(reloads(lookup)).isEqualTo(3);
    }
  }

  @Test
  void aCorruptOrChangedNewVersionKeepsTheLastGoodSnapshotServed() throws Exception {
    TestWarehouse w = Night.warehouse("corrupt");
    try (TestService lookup = new TestService(w, AGELESS).awaitSnapshot()) {
      Night.next(w, NEXT, "prod-n");
      corrupt(w.table(Tables.RECOMMENDATIONS).resolve("run_date=" + NEXT));
      w.model(NEXT, "published", Instant.now());
      TestService.await(() -> failures(lookup) >= 1, "a failed load");

      assertThat(firstItem(lookup)).isEqualTo("2026-11-22 prod-a");
      JsonNode health = lookup.get("/health", null).json();
      assertThat(health.get("status").asText()).isEqualTo("degraded");
      assertThat(health.get("reason").asText())
          .startsWith("the newest tables failed to load: recommendations: ");
      assertThat(health.get("snapshot").get("run_date").asText()).isEqualTo("2026-11-22");
      assertThat(lookup.get("/metrics").text())
          .containsPattern("lookup_reload_failures_total [1-9]");

      // Repaired: the next poll loads it.
      Night.home(w, NEXT, "prod-n");
      TestService.await(() -> firstItem(lookup).equals(NEXT + " prod-n"), "the repaired night");
      assertThat(lookup.get("/health", null).json().get("status").asText()).isEqualTo("ok");

      // A schema change (trending.score as text) is refused the same way.
      long before = failures(lookup);
      StructType changed =
          new StructType()
              .add("scope", DataTypes.StringType)
              .add("rank", DataTypes.IntegerType)
              .add("product_id", DataTypes.StringType)
              .add("score", DataTypes.StringType)
              .add("source", DataTypes.StringType)
              .add("run_date", DataTypes.DateType);
      TestWarehouse.session()
          .createDataFrame(
              List.of(
                  RowFactory.create(
                      "all", 1, "prod-x", "high", "trending", java.sql.Date.valueOf(NEXT))),
              changed)
          .write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .partitionBy("run_date")
          .save(w.table(Tables.TRENDING).toString());
      TestService.await(() -> failures(lookup) > before, "a refused schema");
      assertThat(firstItem(lookup)).isEqualTo(NEXT + " prod-n");
      assertThat(lookup.get("/health", null).json().get("reason").asText())
          .isEqualTo(
              "the newest tables failed to load: trending.score is string, expected double"
                  + " (docs/tables.md)");
    }
  }

  private static String firstItem(TestService lookup) {
    JsonNode j = lookup.get("/v1/recommendations?id=u-alice&limit=1").json();
    return j.get("run_date").asText() + " " + j.get("items").get(0).get("product_id").asText();
  }

  private static long reloads(TestService lookup) {
    return lookup.get("/health", null).json().get("reload").get("reloads").asLong();
  }

  private static long failures(TestService lookup) {
    return lookup.get("/health", null).json().get("reload").get("failures").asLong();
  }

  /** Waits for {@code n} more polls; returns how many happened. */
  private static long checksAfter(TestService lookup, int n) throws InterruptedException {
    String start = lastCheck(lookup);
    int seen = 0;
    String last = start;
    long deadline = System.currentTimeMillis() + 10_000;
    while (seen < n && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      String now = lastCheck(lookup);
      if (!now.equals(last)) {
        seen++;
        last = now;
      }
    }
    return seen;
  }

  private static String lastCheck(TestService lookup) {
    return lookup.get("/health", null).json().get("reload").get("last_check_at").asText();
  }

  /** Overwrites every data file under a partition with bytes that are not Parquet. */
  private static void corrupt(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.write(f, "not a parquet file".getBytes());
      }
    }
  }
}
