package org.segmentofone.audit;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;
import org.segmentofone.common.JobRunsTable;
import org.segmentofone.common.Tables;

class AuditTransformsTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 22);
  private static final StructType EVENTS =
      new StructType()
          .add("event_id", StringType)
          .add("event_time", TimestampType)
          .add("event_type", StringType)
          .add("anonymous_id", StringType)
          .add("user_id", StringType)
          .add("email_hash", StringType)
          .add("product_id", StringType)
          .add("price", DoubleType)
          .add("event_date", DateType);

  private static Object[] event(
      String id, String day, String type, String anon, String user, String product, Double price) {
    return new Object[] {
      id,
      Timestamp.valueOf(day + " 10:00:00"),
      type,
      anon,
      user,
      null,
      product,
      price,
      Date.valueOf(day)
    };
  }

  private static Dataset<Row> events() {
    return TestSpark.rows(
        EVENTS,
        event("e1", "2026-11-22", "product_view", "a1", null, "p1", null),
        event("e2", "2026-11-22", "product_view", "a1", "u1", "p2", null),
        event("e3", "2026-11-21", "purchase", "a2", "u1", "p1", 10.0),
        event("e4", "2026-11-21", "purchase", "a3", null, "p9", null),
        event("e5", "2026-11-20", "search", "kiosk", null, null, null),
        event("e6", "2026-11-01", "product_view", "a4", null, "p3", null));
  }

  private static Dataset<Row> identityMap() {
    StructType s =
        new StructType()
            .add("id_type", StringType)
            .add("id_value", StringType)
            .add("person_id", StringType);
    return TestSpark.rows(
        s,
        new Object[] {"anonymous_id", "a1", "P1"},
        new Object[] {"anonymous_id", "a2", "P1"},
        new Object[] {"user_id", "u1", "P1"},
        new Object[] {"anonymous_id", "a3", "P3"},
        new Object[] {"anonymous_id", "kiosk", "P5"},
        new Object[] {"anonymous_id", "a4", "P4"});
  }

  private static Dataset<Row> products(String... ids) {
    StructType s = new StructType().add("product_id", StringType);
    return TestSpark.rows(
        s, java.util.Arrays.stream(ids).map(i -> new Object[] {i}).toArray(Object[][]::new));
  }

  @Test
  void theWindowKeepsTheDaysEndingOnTheRunDateAndCountsPerDayAndType() {
    Dataset<Row> window = AuditTransforms.window(events(), RUN, 3);
    Map<String, Long> daily = new HashMap<>();
    for (Row r : AuditTransforms.dailyVolume(window).collectAsList()) {
      daily.put(r.getDate(0) + " " + r.getString(1), r.getLong(2));
    }
    assertThat(daily)
        .containsOnly(
            Map.entry("2026-11-22 product_view", 2L),
            Map.entry("2026-11-21 purchase", 2L),
            Map.entry("2026-11-20 search", 1L));
  }

  @Test
  void collectedCountsMatchTheCatalogAndFindPricedPurchases() {
    Row c =
        AuditTransforms.collectedCounts(
                AuditTransforms.window(events(), RUN, 3), products("p1", "p2", "p3"))
            .head();

    assertThat(c.getLong(0)).isEqualTo(5); // events
    assertThat(c.getLong(1)).isEqualTo(4); // product events
    assertThat(c.getLong(2)).isEqualTo(3); // p9 is not in the catalog
    assertThat(c.getLong(3)).isEqualTo(2); // purchases
    assertThat(c.getLong(4)).isEqualTo(1); // one without a price
    assertThat(c.getTimestamp(5)).isEqualTo(Timestamp.valueOf("2026-11-22 10:00:00"));
  }

  @Test
  void connectedCountsTellKnownSharedAndCrossDeviceEventsAndPersons() {
    StructType suspects = new StructType().add("id_type", StringType).add("id_value", StringType);
    Dataset<Row> held = TestSpark.rows(suspects, new Object[] {"anonymous_id", "kiosk"});

    Row k =
        AuditTransforms.connectedCounts(
                AuditTransforms.window(events(), RUN, 3), identityMap(), held)
            .head();

    assertThat(k.getLong(0)).isEqualTo(5); // events
    assertThat(k.getLong(1)).isEqualTo(3); // e1, e2, e3 belong to P1 who has a user id
    assertThat(k.getLong(2)).isEqualTo(1); // e5 on the shared kiosk
    assertThat(k.getLong(3)).isEqualTo(3); // active persons P1, P3, P5 (P4 is outside the window)
    assertThat(k.getLong(4)).isEqualTo(1); // P1 has 3 identifiers
    assertThat(k.getLong(5)).isEqualTo(1); // known: P1
    assertThat(k.getLong(6)).isEqualTo(1); // P1 on two devices
    assertThat(k.getDouble(7)).isEqualTo(5 / 3.0); // (3 + 1 + 1) / 3
    assertThat(k.getDouble(8)).isEqualTo(2.0);
    assertThat(((Number) k.get(11)).longValue()).isEqualTo(3);
  }

  @Test
  void consumableCountsMeasureReadinessDensitySignalAndCatalogCoverage() {
    StructType profile =
        new StructType().add("person_id", StringType).add("product_events", LongType);
    Dataset<Row> profiles =
        TestSpark.rows(
            profile,
            new Object[] {"P1", 7L},
            new Object[] {"P2", 3L},
            new Object[] {"P3", 1L},
            new Object[] {"P4", 0L});
    StructType inter = new StructType().add("person_id", StringType).add("product_id", StringType);
    Dataset<Row> interactions =
        TestSpark.rows(
            inter,
            new Object[] {"P1", "p1"},
            new Object[] {"P2", "p1"},
            new Object[] {"P3", "p1"},
            new Object[] {"P1", "p2"},
            new Object[] {"P1", "gone"});

    Row s =
        AuditTransforms.consumableCounts(
                profiles, interactions, products("p1", "p2", "p3", "p4"), events(), 3, 2)
            .head();

    assertThat(s.getLong(0)).isEqualTo(4); // persons
    assertThat(s.getLong(1)).isEqualTo(2); // at least 3 product events
    assertThat(s.getLong(2)).isEqualTo(5); // interactions
    assertThat(s.getLong(3)).isEqualTo(3); // persons in interactions
    assertThat(s.getLong(4)).isEqualTo(3); // products in interactions
    assertThat(s.getLong(5)).isEqualTo(1); // only p1 has 2+ persons (and is in the catalog)
    assertThat(s.getLong(6)).isEqualTo(4); // catalog
    assertThat(s.getLong(7)).isEqualTo(3); // p1, p2, p3 appear in events; p4 never

    Map<Integer, Long> histogram = new HashMap<>();
    AuditTransforms.productEventHistogram(profiles)
        .collectAsList()
        .forEach(r -> histogram.put(r.getInt(0), r.getLong(1)));
    assertThat(histogram)
        .containsOnly(Map.entry(0, 1L), Map.entry(1, 1L), Map.entry(3, 1L), Map.entry(5, 1L));
  }

  @Test
  void duplicatesAddUpTheSucceededCollectRunsOfTheWindow() {
    List<Row> runs =
        List.of(
            jobRun("collect", "succeeded", "2026-11-22", 100, 3),
            jobRun("collect", "succeeded", "2026-11-21", 200, 1),
            jobRun("collect", "failed", "2026-11-21", 200, 50),
            jobRun("connect", "succeeded", "2026-11-22", 999, 99),
            jobRun("collect", "succeeded", "2026-10-01", 500, 40));
    Dataset<Row> jobRuns = TestSpark.session().createDataFrame(runs, JobRunsTable.SPEC.schema());

    Row d = AuditTransforms.duplicates(jobRuns, RUN, 30).head();

    assertThat(d.getLong(0)).isEqualTo(300);
    assertThat(d.getLong(1)).isEqualTo(4);
  }

  private static Row jobRun(String stage, String status, String day, long read, long duplicates) {
    Object[] values = new Object[JobRunsTable.SPEC.schema().size()];
    StructType s = JobRunsTable.SPEC.schema();
    values[s.fieldIndex("run_id")] = "r";
    values[s.fieldIndex("stage")] = stage;
    values[s.fieldIndex("run_date")] = Date.valueOf(day);
    values[s.fieldIndex("started_at")] = Timestamp.valueOf(day + " 02:00:00");
    values[s.fieldIndex("finished_at")] = Timestamp.valueOf(day + " 02:01:00");
    values[s.fieldIndex("duration_ms")] = 60_000L;
    values[s.fieldIndex("status")] = status;
    values[s.fieldIndex("metrics")] = Map.of("read", read, "duplicates", duplicates);
    return org.apache.spark.sql.RowFactory.create(values);
  }

  @Test
  void theChecksTableKeepsItsContractColumns() {
    assertThat(Tables.AUDIT_CHECKS.columns())
        .containsExactly(
            "run_date",
            "section",
            "check",
            "value",
            "unit",
            "better",
            "threshold",
            "fail_threshold",
            "status",
            "advice",
            "detail");
  }
}
