package org.segmentofone.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.TestSpark.rows;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * Collect fed a directory of deliberately broken input: every case gets its exact quarantine
 * reason, the invariant holds and is logged, reruns change nothing, and unreadable input fails
 * naming the file.
 */
class CollectEventsJobTest {
  private static final String SALT = "pepper";
  private static final LocalDate DAY = LocalDate.parse("2026-11-20");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T06:00:00Z"), ZoneOffset.UTC);

  private static SparkSession spark;
  private static PathsConfig paths;
  private static DeltaTables tables;
  private static CollectEventsJob.Result earlier;
  private static CollectEventsJob.Result battery;
  private static CollectEventsJob.Result rerun;
  private static List<Row> eventsAfterFirst;
  private static List<Row> quarantineAfterFirst;

  static CollectConfig config(double maxRejectRate) {
    return config(maxRejectRate, 30);
  }

  static CollectConfig config(double maxRejectRate, int lateHorizonDays) {
    return new CollectConfig(
        2, 90, lateHorizonDays, true, 7, 60, 30, maxRejectRate, 512, 100_000, 1000, SALT);
  }

  private static Object[] ev(
      String id,
      Object time,
      String type,
      String anon,
      String user,
      String email,
      String product,
      Integer qty,
      Double price,
      String order,
      String query) {
    return new Object[] {
      id,
      time instanceof String s ? Timestamp.from(Instant.parse(s)) : time,
      type,
      anon,
      user,
      email,
      null,
      "s1",
      "mobile",
      product,
      qty,
      price,
      "EUR",
      order,
      query,
      null,
      null,
      null,
      null,
      true
    };
  }

  private static final String T = "2026-11-20T10:00:00Z";

  @BeforeAll
  static void collectTheBattery() {
    spark = TestSpark.session();
    Path base = TestSpark.tempDir("collect-battery");
    paths = TestSpark.paths(base);
    tables = new DeltaTables(spark, paths);
    Path raw = Path.of(paths.rawEvents());
    writeCatalog(base.resolve("raw/catalog"));

    // An earlier day, collected first: its event id "stored-1" comes back as a retry later.
    RawFixtures.writeFile(
        raw,
        DAY.minusDays(3),
        "part-0.parquet",
        rows(
            RawEvents.SCHEMA,
            ev(
                "stored-1",
                "2026-11-17T09:00:00Z",
                "product_view",
                "a9",
                null,
                null,
                "p1",
                null,
                null,
                null,
                null)));
    earlier = run("run-0", DAY.minusDays(3), config(0.9));

    String longQuery = "x".repeat(600);
    RawFixtures.writeFile(
        raw,
        DAY,
        "part-0.parquet",
        rows(
            RawEvents.SCHEMA,
            ev("ok-view", T, "product_view", "a1", null, null, "p1", null, 9.99, null, null),
            ev(
                "ok-buy",
                T,
                "purchase",
                "a1",
                "u1",
                "  Alice@Example.COM ",
                "p1",
                1,
                9.99,
                "o1",
                null),
            ev("ok-view", T, "product_view", "a1", null, null, "p1", null, 9.99, null, null),
            ev("stored-1", T, "product_view", "a9", null, null, "p1", null, null, null, null),
            ev(null, T, "product_view", "a1", null, null, "p1", null, null, null, null),
            ev("no-type", T, " ", "a1", null, null, "p1", null, null, null, null),
            ev("bad-type", T, "page_view", "a1", null, null, "p1", null, null, null, null),
            ev("no-time", null, "product_view", "a1", null, null, "p1", null, null, null, null),
            ev(
                "future",
                "2026-11-21T03:00:00Z",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                null,
                null,
                null),
            ev(
                "stale",
                "2026-10-10T10:00:00Z",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                null,
                null,
                null),
            ev("anonymous", T, "product_view", null, " ", null, "p1", null, null, null, null),
            ev("no-product", T, "product_view", "a1", null, null, null, null, null, null, null),
            ev("no-order", T, "purchase", "a1", null, null, "p1", 1, 5.0, null, null),
            ev(
                "neg-price",
                T,
                "add_to_cart",
                "a1",
                null,
                "bob@example.com",
                "p1",
                1,
                -1.0,
                null,
                null),
            ev("huge-price", T, "purchase", "a1", null, null, "p1", 1, 1e7, "o2", null),
            ev("zero-qty", T, "add_to_cart", "a1", null, null, "p1", 0, 5.0, null, null),
            ev("neg-qty-view", T, "product_view", "a1", null, null, "p1", -5, null, null, null),
            ev("long-query", T, "search", "a1", null, null, null, null, null, null, longQuery)));

    // A second tracker: price as a string, time as ISO text, an extra column, no email columns.
    StructType drift =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("event_time", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("anonymous_id", DataTypes.StringType)
            .add("product_id", DataTypes.StringType)
            .add("price", DataTypes.StringType)
            .add("tracker_version", DataTypes.StringType);
    RawFixtures.writeFile(
        raw,
        DAY,
        "part-1-drift.parquet",
        rows(
            drift,
            new Object[] {
              "drift-ok", "2026-11-20T08:00:00Z", "product_view", "a2", "p2", "12.50", "v2"
            },
            new Object[] {
              "drift-price", "2026-11-20T08:00:00Z", "product_view", "a2", "p2", "twelve", "v2"
            },
            new Object[] {"drift-time", "yesterday", "product_view", "a2", "p2", "1", "v2"}));

    // A third: epoch milliseconds for the time.
    StructType epoch =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("event_time", DataTypes.LongType)
            .add("event_type", DataTypes.StringType)
            .add("user_id", DataTypes.StringType);
    RawFixtures.writeFile(
        raw,
        DAY,
        "part-2-epoch.parquet",
        rows(
            epoch,
            new Object[] {
              "epoch-ok", Instant.parse("2026-11-20T12:00:00Z").toEpochMilli(), "identify", "u7"
            },
            new Object[] {"epoch-nanos", 1_795_176_000_000_000_000L, "identify", "u7"}));

    // A fourth: epoch seconds as a double, one of them NaN.
    StructType doubles =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("event_time", DataTypes.DoubleType)
            .add("event_type", DataTypes.StringType)
            .add("user_id", DataTypes.StringType);
    RawFixtures.writeFile(
        raw,
        DAY,
        "part-3-epoch-double.parquet",
        rows(
            doubles,
            new Object[] {"double-ok", 1_795_176_000.0, "identify", "u8"},
            new Object[] {"double-nan", Double.NaN, "identify", "u8"}));

    // A fifth, from a warehouse export: Email in capitals, a flattened and a nested email.
    StructType emails =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("event_time", DataTypes.TimestampType)
            .add("event_type", DataTypes.StringType)
            .add("anonymous_id", DataTypes.StringType)
            .add("Email", DataTypes.StringType)
            .add("context_traits_email", DataTypes.StringType)
            .add("traits", new StructType().add("mail", DataTypes.StringType))
            .add("product_id", DataTypes.StringType);
    Timestamp t = Timestamp.from(Instant.parse(T));
    RawFixtures.writeFile(
        raw,
        DAY,
        "part-4-emails.parquet",
        rows(
            emails,
            new Object[] {
              "mail-ok",
              t,
              "identify",
              "a5",
              " Carol@Example.com",
              "carol@example.com",
              RowFactory.create("carol@example.com"),
              null
            },
            new Object[] {
              "mail-bad",
              t,
              "product_view",
              "a5",
              "dave@example.com",
              "dave@example.com",
              RowFactory.create("dave@example.com"),
              null
            }));

    battery = run("run-1", DAY, config(0.9));
    eventsAfterFirst = eventsWithoutLineage();
    quarantineAfterFirst = quarantineWithoutLineage();
    rerun = run("run-2", DAY, config(0.9));
  }

  private static CollectEventsJob.Result run(String runId, LocalDate date, CollectConfig cfg) {
    CollectEventsJob job = new CollectEventsJob(spark, paths, cfg);
    return (CollectEventsJob.Result)
        new StageRunner(spark, tables).run(job, new RunContext(runId, date, CLOCK)).result();
  }

  private static void writeCatalog(Path catalog) {
    rows(
            RawCatalog.SCHEMA,
            new Object[] {"p1", "Mug", "Home > Kitchen", "Acme", 9.99, true, null},
            new Object[] {"p2", "Cup", "Home > Kitchen", "Acme", 12.5, true, null})
        .write()
        .parquet(catalog.toString());
  }

  private static Map<String, String> reasonById() {
    return tables.read(Tables.QUARANTINE).where("source = 'events'").collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getAs("event_id") == null ? "<null>" : r.getAs("event_id"),
                r -> r.getAs("reason")));
  }

  private static List<Row> eventsWithoutLineage() {
    return tables.read(Tables.EVENTS).drop("collected_run_id").orderBy("event_id").collectAsList();
  }

  private static List<Row> quarantineWithoutLineage() {
    return tables
        .read(Tables.QUARANTINE)
        .drop("run_id", "quarantined_at")
        .orderBy("event_id", "reason")
        .collectAsList();
  }

  @Test
  void everyBrokenRowGetsItsExactReason() {
    assertThat(reasonById())
        .containsExactlyInAnyOrderEntriesOf(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry("<null>", "missing_event_id"),
                    Map.entry("no-type", "missing_event_type"),
                    Map.entry("bad-type", "unknown_event_type"),
                    Map.entry("no-time", "missing_event_time"),
                    Map.entry("future", "future_event_time"),
                    Map.entry("stale", "stale_event_time"),
                    Map.entry("anonymous", "no_identifier"),
                    Map.entry("no-product", "missing_product_id"),
                    Map.entry("no-order", "purchase_without_order_id"),
                    Map.entry("neg-price", "negative_price"),
                    Map.entry("huge-price", "absurd_price"),
                    Map.entry("zero-qty", "bad_quantity"),
                    Map.entry("neg-qty-view", "bad_quantity"),
                    Map.entry("epoch-nanos", "unparseable_event_time"),
                    Map.entry("double-nan", "unparseable_event_time"),
                    Map.entry("mail-bad", "missing_product_id"),
                    Map.entry("long-query", "oversized_field:search_query"),
                    Map.entry("drift-price", "wrong_type:price"),
                    Map.entry("drift-time", "unparseable_event_time"))));
  }

  @Test
  void readEqualsAcceptedPlusQuarantinedPlusDuplicates() {
    assertThat(battery.read()).isEqualTo(27);
    // ok-view, ok-buy, drift-ok, epoch-ok, double-ok, mail-ok
    assertThat(battery.accepted()).isEqualTo(6);
    assertThat(battery.quarantined()).isEqualTo(19);
    assertThat(battery.duplicates()).isEqualTo(2); // ok-view again, stored-1 retried
    assertThat(battery.accepted() + battery.quarantined() + battery.duplicates())
        .isEqualTo(battery.read());
    assertThat(battery.files()).isEqualTo(5);
  }

  @Test
  void theInvariantIsWrittenToJobRuns() {
    Row row =
        tables.read(JobRunsTable.SPEC).where("run_id = 'run-1' AND stage = 'collect'").first();
    Map<String, Long> metrics = row.getJavaMap(row.fieldIndex("metrics"));
    assertThat(metrics)
        .containsEntry("read", 27L)
        .containsEntry("accepted", 6L)
        .containsEntry("quarantined", 19L)
        .containsEntry("duplicates", 2L)
        .containsEntry("events_written", 6L)
        .containsEntry("reason:stale_event_time", 1L)
        .containsEntry("reason:unparseable_event_time", 3L)
        .containsEntry("files", 5L);
  }

  @Test
  void driftedColumnsAreCastAndExtraColumnsIgnored() {
    Row drift = tables.read(Tables.EVENTS).where("event_id = 'drift-ok'").first();
    assertThat(drift.<Double>getAs("price")).isEqualTo(12.5);
    assertThat(drift.<Timestamp>getAs("event_time").toInstant())
        .isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
    assertThat(drift.<String>getAs("email_hash")).isNull();
    Row epoch = tables.read(Tables.EVENTS).where("event_id = 'epoch-ok'").first();
    assertThat(epoch.<Timestamp>getAs("event_time").toInstant())
        .isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
    Row seconds = tables.read(Tables.EVENTS).where("event_id = 'double-ok'").first();
    assertThat(seconds.<Timestamp>getAs("event_time").toInstant())
        .isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
    assertThat(List.of(tables.read(Tables.EVENTS).columns())).doesNotContain("tracker_version");
  }

  @Test
  void rawEmailsAreHashedAndNeverStoredEvenInQuarantine() {
    Row buy = tables.read(Tables.EVENTS).where("event_id = 'ok-buy'").first();
    String expected = spark.sql("SELECT sha2('pepperalice@example.com', 256)").first().getString(0);
    assertThat(buy.<String>getAs("email_hash")).isEqualTo(expected);
    // Matched without regard to case, and normalised the same way.
    Row carol = tables.read(Tables.EVENTS).where("event_id = 'mail-ok'").first();
    assertThat(carol.<String>getAs("email_hash"))
        .isEqualTo(spark.sql("SELECT sha2('peppercarol@example.com', 256)").first().getString(0));
    String bad = tables.read(Tables.QUARANTINE).where("event_id = 'mail-bad'").first().getAs("raw");
    assertThat(bad).doesNotContain("dave@").doesNotContain("context_traits_email");
    String quarantined =
        tables.read(Tables.QUARANTINE).where("event_id = 'neg-price'").first().getAs("raw");
    assertThat(quarantined).doesNotContain("bob@").contains("email_hash_computed");
    assertThat(tables.read(Tables.QUARANTINE).where("raw LIKE '%@%'").count()).isZero();
  }

  @Test
  void quarantineRowsCarryTheRawRowTheFileAndTheRunDate() {
    Row r = tables.read(Tables.QUARANTINE).where("event_id = 'drift-price'").first();
    assertThat(r.<String>getAs("raw")).contains("\"price\":\"twelve\"").contains("tracker_version");
    assertThat(r.<String>getAs("source_file"))
        .endsWith("event_date=2026-11-20/part-1-drift.parquet");
    assertThat(r.<Date>getAs("run_date").toLocalDate()).isEqualTo(DAY);
    assertThat(r.<Date>getAs("event_date").toLocalDate()).isEqualTo(DAY);
  }

  @Test
  void aDuplicateOfAnAlreadyStoredEventIsDroppedAndTheStoredCopyKept() {
    assertThat(earlier.accepted()).isEqualTo(1);
    List<Row> stored = tables.read(Tables.EVENTS).where("event_id = 'stored-1'").collectAsList();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).<Date>getAs("event_date").toLocalDate()).isEqualTo(DAY.minusDays(3));
  }

  @Test
  void rerunningTheDateChangesNothing() {
    assertThat(rerun.read()).isEqualTo(battery.read());
    assertThat(rerun.accepted()).isEqualTo(battery.accepted());
    assertThat(rerun.duplicates()).isEqualTo(battery.duplicates());
    assertThat(eventsWithoutLineage()).isEqualTo(eventsAfterFirst);
    assertThat(quarantineWithoutLineage()).isEqualTo(quarantineAfterFirst);
    assertThat(rerun.late()).isEmpty();
  }

  @Test
  void anOlderDateWhoseFilesDidNotChangeIsNotReRead() {
    // D-3 lies before the look-back window and its file is in the manifest unchanged.
    assertThat(battery.dates()).containsExactly(DAY);
    assertThat(tables.read(Tables.COLLECTED_FILES).count()).isEqualTo(6);
  }

  @Test
  void planningAddsChangedOlderDatesAndReportsMissingRequestedOnes() {
    var available =
        new java.util.TreeSet<>(
            List.of(DAY.minusDays(10), DAY.minusDays(2), DAY.minusDays(1), DAY.minusDays(40)));
    CollectWindow w =
        CollectWindow.plan(
            DAY,
            Optional.empty(),
            false,
            config(0.1),
            available,
            java.util.Set.of(DAY.minusDays(10), DAY.minusDays(40)));
    assertThat(w.dates()).containsExactly(DAY.minusDays(10), DAY.minusDays(2), DAY.minusDays(1));
    assertThat(w.late()).containsExactly(DAY.minusDays(10)); // D-40 is beyond the late horizon
    assertThat(w.missing()).containsExactly(DAY);

    CollectWindow range =
        CollectWindow.plan(
            DAY, Optional.of(DAY.minusDays(5)), false, config(0.1), available, java.util.Set.of());
    assertThat(range.dates()).containsExactly(DAY.minusDays(2), DAY.minusDays(1));
    assertThat(range.missing())
        .containsExactly(DAY.minusDays(5), DAY.minusDays(4), DAY.minusDays(3), DAY);
  }
}
