package org.segmentofone.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.segmentofone.TestSpark.rows;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.JobRunsTable;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RawCatalog;
import org.segmentofone.common.RawEvents;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageRunner;
import org.segmentofone.common.Tables;

/** Input that cannot be read, late files, backfill ranges, the reject limit, catalog snapshots. */
class CollectInputTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-20");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);
  private final SparkSession spark = TestSpark.session();

  private record Store(PathsConfig paths, DeltaTables tables, Path raw) {}

  private Store store(String name) {
    Path base = TestSpark.tempDir(name);
    PathsConfig paths = TestSpark.paths(base);
    rows(RawCatalog.SCHEMA, new Object[] {"p1", "Mug", "Home > Kitchen", "Acme", 9.99, true, null})
        .write()
        .parquet(paths.catalog());
    return new Store(paths, new DeltaTables(spark, paths), Path.of(paths.rawEvents()));
  }

  private static Object[] view(String id, LocalDate day) {
    Object[] r = new Object[RawEvents.SCHEMA.size()];
    r[0] = id;
    r[1] = Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
    r[2] = "product_view";
    r[3] = "a-" + id;
    r[9] = "p1";
    return r;
  }

  private void day(Store s, LocalDate date, String file, String... ids) {
    Object[][] rs = new Object[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      rs[i] = view(ids[i], date);
    }
    RawFixtures.writeFile(s.raw(), date, file, rows(RawEvents.SCHEMA, rs));
  }

  private CollectEventsJob.Result collect(Store s, RunContext run, double maxRejectRate) {
    return collect(s, run, CollectEventsJobTest.config(maxRejectRate));
  }

  private CollectEventsJob.Result collect(Store s, RunContext run, CollectConfig cfg) {
    return (CollectEventsJob.Result)
        new StageRunner(spark, s.tables())
            .run(new CollectEventsJob(spark, s.paths(), cfg), run)
            .result();
  }

  private CollectEventsJob.Result collect(Store s, LocalDate date) {
    return collect(s, new RunContext("r-" + date, date, CLOCK), 0.5);
  }

  @Test
  void aCorruptFileFailsTheRunNamingTheFile() {
    Store s = store("corrupt");
    day(s, DAY, "part-0.parquet", "e1");
    Path bad = RawFixtures.writeGarbage(s.raw(), DAY, "part-1.parquet");
    assertThatThrownBy(() -> collect(s, DAY))
        .isInstanceOf(RawInputException.class)
        .hasMessageContaining(bad.getFileName().toString())
        .hasMessageContaining("event_date=2026-11-20")
        .hasMessageContaining("not a readable Parquet file");
    assertThat(s.tables().exists(Tables.EVENTS)).isFalse();
    assertThat(s.tables().exists(Tables.PRODUCTS)).isFalse();
  }

  @Test
  void aSubFolderInAPartitionFailsInsteadOfBeingSkipped() {
    Store s = store("subfolder");
    RawFixtures.writeFile(
        s.raw().resolve("event_date=" + DAY),
        DAY,
        "part-0.parquet",
        rows(RawEvents.SCHEMA, view("e1", DAY)));
    assertThatThrownBy(() -> collect(s, DAY))
        .isInstanceOf(RawInputException.class)
        .hasMessageContaining("sub-folder")
        .hasMessageContaining("event_date=2026-11-20/event_date=2026-11-20");
  }

  @Test
  void aMissingRunDatePartitionFailsNamingTheFolder() {
    Store s = store("missing");
    day(s, DAY.minusDays(1), "part-0.parquet", "e1");
    assertThatThrownBy(() -> collect(s, DAY))
        .isInstanceOf(RawInputException.class)
        .hasMessageContaining("event_date=2026-11-20")
        .hasMessageContaining("collect.require-partitions");
    var failed = s.tables().read(JobRunsTable.SPEC).where("stage = 'collect'").first();
    assertThat(failed.<String>getAs("status")).isEqualTo("failed");
    assertThat(failed.<String>getAs("message")).contains("event_date=2026-11-20");
  }

  @Test
  void aColumnThatCannotBeCastFailsNamingTheFileAndColumn() {
    Store s = store("uncastable");
    StructType weird =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("event_time", DataTypes.createArrayType(DataTypes.StringType))
            .add("event_type", DataTypes.StringType);
    RawFixtures.writeFile(
        s.raw(),
        DAY,
        "part-0.parquet",
        rows(weird, new Object[] {"e1", java.util.List.of("t").toArray(), "product_view"}));
    assertThatThrownBy(() -> collect(s, DAY))
        .isInstanceOf(RawInputException.class)
        .hasMessageContaining("part-0.parquet")
        .hasMessageContaining("event_time")
        .hasMessageContaining("array<string>");
  }

  @Test
  void tooManyRejectsFailAfterTheQuarantineIsWritten() {
    Store s = store("rejects");
    Object[] bad = view("e2", DAY);
    bad[9] = null; // product_view without product
    RawFixtures.writeFile(
        s.raw(), DAY, "part-0.parquet", rows(RawEvents.SCHEMA, view("e1", DAY), bad));
    RunContext run = new RunContext("r-rejects", DAY, CLOCK);
    assertThatThrownBy(() -> collect(s, run, 0.2))
        .isInstanceOf(CollectRejectedException.class)
        .hasMessageContaining("collect.max-reject-rate exceeded: 50.00% of 2 rows")
        .hasMessageContaining("missing_product_id=1");
    assertThat(s.tables().read(Tables.QUARANTINE).count()).isEqualTo(1);
    assertThat(s.tables().exists(Tables.EVENTS)).isFalse();
    var row = s.tables().read(JobRunsTable.SPEC).where("run_id = 'r-rejects'").first();
    assertThat(row.<String>getAs("status")).isEqualTo("failed");
    Map<String, Long> metrics = row.getJavaMap(row.fieldIndex("metrics"));
    assertThat(metrics)
        .containsEntry("read", 2L)
        .containsEntry("accepted", 1L)
        .containsEntry("quarantined", 1L)
        .containsEntry("duplicates", 0L)
        .containsEntry("events_written", 0L);
  }

  @Test
  void aLateFileInAnOlderPartitionIsPickedUpByTheNextRun() {
    Store s = store("late");
    for (int i = 6; i >= 0; i--) {
      day(s, DAY.minusDays(i), "part-0.parquet", "d" + i);
    }
    assertThat(collect(s, DAY).dates()).hasSize(7);
    // A file for D-5 arrives after D was collected: outside the 2-day look-back.
    day(s, DAY.minusDays(5), "part-late.parquet", "late-1", "late-2");
    day(s, DAY.plusDays(1), "part-0.parquet", "next");
    CollectEventsJob.Result next = collect(s, DAY.plusDays(1));
    assertThat(next.late()).containsExactly(DAY.minusDays(5));
    assertThat(next.dates())
        .containsExactly(DAY.minusDays(5), DAY.minusDays(1), DAY, DAY.plusDays(1));
    assertThat(
            s.tables()
                .read(Tables.EVENTS)
                .where("event_date = '2026-11-15'")
                .orderBy("event_id")
                .select("event_id")
                .collectAsList()
                .toString())
        .isEqualTo("[[d5], [late-1], [late-2]]");
    assertThat(s.tables().read(Tables.EVENTS).count()).isEqualTo(10);
    // Nothing changed since: the next run re-reads only its look-back window.
    assertThat(collect(s, DAY.plusDays(1)).late()).isEmpty();
  }

  @Test
  void aDateRangeBackfillsEveryDayInOneJob() {
    Store s = store("range");
    for (int i = 0; i < 10; i++) {
      day(s, DAY.minusDays(i), "part-0.parquet", "d" + i);
    }
    CollectConfig noLateFiles = CollectEventsJobTest.config(0.5, 0);
    // On a first run --from wins over the 90-day initial backfill (the 2-day look-back stays).
    CollectEventsJob.Result first =
        collect(
            s,
            new RunContext("first", DAY.minusDays(6), CLOCK, Optional.of(DAY.minusDays(7))),
            noLateFiles);
    assertThat(first.dates()).containsExactly(DAY.minusDays(8), DAY.minusDays(7), DAY.minusDays(6));
    CollectEventsJob.Result r =
        collect(s, new RunContext("range", DAY, CLOCK, Optional.of(DAY.minusDays(9))), noLateFiles);
    assertThat(r.late()).isEmpty();
    assertThat(r.dates()).hasSize(10).startsWith(DAY.minusDays(9)).endsWith(DAY);
    assertThat(s.tables().read(Tables.EVENTS).count()).isEqualTo(10);
  }

  @Test
  void anOlderDateCollectedAfterANewerOneDoesNotStoreARetryTwice() {
    Store s = store("older-later");
    day(s, DAY.plusDays(1), "part-0.parquet", "shared", "newer-only");
    collect(s, DAY.plusDays(1));
    day(s, DAY, "part-0.parquet", "shared", "older-only");
    CollectEventsJob.Result older = collect(s, DAY);
    assertThat(older.duplicates()).isEqualTo(1);
    assertThat(collect(s, DAY).duplicates()).isEqualTo(1); // a rerun agrees
    assertThat(s.tables().read(Tables.EVENTS).where("event_id = 'shared'").count()).isEqualTo(1);
    assertThat(s.tables().read(Tables.EVENTS).count()).isEqualTo(3);
  }

  @Test
  void theNewestCatalogSnapshotNotAfterTheRunDateWins() {
    Store s = store("snapshots");
    day(s, DAY, "part-0.parquet", "e1");
    Path catalogs = TestSpark.tempDir("catalogs");
    rows(RawCatalog.SCHEMA, new Object[] {"old", "Old", "A", null, 1.0, true, null})
        .write()
        .parquet(catalogs.resolve("snapshot_date=2026-11-01").toString());
    rows(RawCatalog.SCHEMA, new Object[] {"new", "New", "A", null, 1.0, true, null})
        .write()
        .parquet(catalogs.resolve("snapshot_date=2026-11-19").toString());
    rows(RawCatalog.SCHEMA, new Object[] {"future", "Future", "A", null, 1.0, true, null})
        .write()
        .parquet(catalogs.resolve("snapshot_date=2026-11-30").toString());
    PathsConfig withSnapshots =
        new PathsConfig(
            s.paths().rawEvents(),
            catalogs.toString(),
            s.paths().warehouse(),
            s.paths().checkpoint());
    new CollectEventsJob(spark, withSnapshots, CollectEventsJobTest.config(0.5))
        .run(new RunContext("snap", DAY, CLOCK));
    var products = s.tables().read(Tables.PRODUCTS).collectAsList();
    assertThat(products).hasSize(1);
    assertThat(products.get(0).<String>getAs("product_id")).isEqualTo("new");
    assertThat(products.get(0).<java.sql.Date>getAs("snapshot_date").toLocalDate())
        .isEqualTo(LocalDate.parse("2026-11-19"));
    // Re-collecting an older date does not bring back the older snapshot.
    LocalDate older = LocalDate.parse("2026-11-05");
    day(s, older, "part-0.parquet", "e0");
    CollectEventsJob.Result rerun =
        new CollectEventsJob(spark, withSnapshots, CollectEventsJobTest.config(0.5))
            .run(new RunContext("snap-old", older, CLOCK));
    assertThat(rerun.catalog().keptNewer()).isTrue();
    assertThat(s.tables().read(Tables.PRODUCTS).first().<String>getAs("product_id"))
        .isEqualTo("new");
  }
}
