package org.segmentofone.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;

/** The connect job over nights: incremental observations, stable person ids, merges, retention. */
class ResolveIdentitiesJobTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC);

  private final SparkSession spark = TestSpark.session();
  private final PathsConfig paths = TestSpark.paths(TestSpark.tempDir("connect-job"));
  private final DeltaTables tables = new DeltaTables(spark, paths);

  private static ConnectConfig config(int keepDays, boolean fullRebuild) {
    return new ConnectConfig(
        List.of("", "undefined"),
        List.of(Pattern.compile("^test-.*")),
        2,
        3,
        2,
        30,
        20,
        keepDays,
        fullRebuild);
  }

  private ResolveIdentitiesJob.Result run(String day, ConnectConfig cfg) {
    return new ResolveIdentitiesJob(spark, paths, cfg)
        .run(new RunContext("run-" + day, LocalDate.parse(day), CLOCK));
  }

  private ResolveIdentitiesJob.Result run(String day) {
    return run(day, config(7, false));
  }

  /** Replaces one event date of {@code events} with view events carrying these identifiers. */
  private void writeDay(String day, String[]... ids) {
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (String[] id : ids) {
      Object[] v = new Object[Tables.EVENTS.schema().size()];
      v[0] = day + "-" + n;
      v[1] = Timestamp.valueOf(day + " 10:%02d:00".formatted(n++));
      v[2] = "product_view";
      v[3] = id[2];
      v[4] = id[0];
      v[5] = id[1];
      v[8] = "p1";
      v[v.length - 1] = Date.valueOf(day);
      rows.add(RowFactory.create(v));
    }
    tables.replaceWhere(
        spark.createDataFrame(rows, Tables.EVENTS.schema()),
        Tables.EVENTS,
        "event_date = '" + day + "'");
  }

  private static String[] ids(String user, String email, String anon) {
    return new String[] {user, email, anon};
  }

  private Map<String, String> map(String runDate) {
    return tables
        .read(Tables.IDENTITY_MAP)
        .where("run_date = '" + runDate + "'")
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                r -> r.getAs("id_type") + ":" + r.getAs("id_value"), r -> r.getAs("person_id")));
  }

  private List<Row> merges(String runDate) {
    return tables
        .read(Tables.IDENTITY_MERGES)
        .where("run_date = '" + runDate + "'")
        .collectAsList();
  }

  private void firstTwoDays() {
    writeDay(
        "2026-11-20",
        ids("cust-1", null, "phone"),
        ids(null, null, "tablet"),
        ids("cust-7", null, "kiosk"),
        ids("cust-8", null, "kiosk"),
        ids("cust-9", null, "kiosk"));
    writeDay("2026-11-21", ids("cust-2", "h2", "laptop"), ids(null, null, "undefined"));
  }

  @Test
  void aSecondNightReadsOnlyItsNewDateKeepsPersonIdsAndRecordsTheMerge() {
    firstTwoDays();
    ResolveIdentitiesJob.Result first = run("2026-11-21");
    assertThat(first.datesRead()).isEqualTo(2);
    assertThat(first.identifiers()).isEqualTo(10);
    assertThat(first.suspects()).isEqualTo(2); // the kiosk (3 users > 2) and "undefined"
    assertThat(first.personChanges()).isZero();
    Map<String, String> night1 = map("2026-11-21");
    assertThat(night1).containsKeys("anonymous_id:kiosk", "user_id:cust-7", "user_id:cust-8");
    assertThat(night1.get("anonymous_id:kiosk"))
        .isNotIn(night1.get("user_id:cust-7"), night1.get("user_id:cust-8"));

    // The tablet logs in as cust-1; a new visitor arrives.
    writeDay("2026-11-22", ids("cust-1", null, "tablet"), ids(null, null, "newbie"));
    ResolveIdentitiesJob.Result second = run("2026-11-22");
    assertThat(second.datesRead()).isEqualTo(1);
    Map<String, String> night2 = map("2026-11-22");
    assertThat(night2).hasSize(11);
    night1.forEach(
        (id, person) -> {
          if (!id.equals("anonymous_id:tablet")) {
            assertThat(night2.get(id)).as(id).isEqualTo(person);
          }
        });
    assertThat(night2.get("anonymous_id:tablet")).isEqualTo(night1.get("user_id:cust-1"));
    assertThat(merges("2026-11-22"))
        .extracting(
            m -> m.getAs("old_person_id"),
            m -> m.getAs("new_person_id"),
            m -> m.getAs("identifiers"),
            m -> m.getAs("change"))
        .containsExactly(
            tuple(night1.get("anonymous_id:tablet"), night1.get("user_id:cust-1"), 1L, "merged"));

    // A retried task: nothing re-read, the same map and merges.
    ResolveIdentitiesJob.Result retry = run("2026-11-22");
    assertThat(retry.datesRead()).isZero();
    assertThat(map("2026-11-22")).isEqualTo(night2);
    assertThat(merges("2026-11-22")).hasSize(1);
    assertThat(tables.read(Tables.IDENTITY_OBSERVATIONS).count())
        .isEqualTo(tables.read(Tables.IDENTITY_OBSERVATIONS).distinct().count());
  }

  @Test
  void lateDataReReadsOnlyItsDateAndAFullRebuildGivesTheSameMap() {
    firstTwoDays();
    writeDay("2026-11-22", ids("cust-1", null, "tablet"));
    run("2026-11-22");

    // A late file for the 20th: the phone captured an email.
    writeDay(
        "2026-11-20",
        ids("cust-1", null, "phone"),
        ids(null, null, "tablet"),
        ids("cust-7", null, "kiosk"),
        ids("cust-8", null, "kiosk"),
        ids("cust-9", null, "kiosk"),
        ids(null, "h1", "phone"));
    ResolveIdentitiesJob.Result late = run("2026-11-22");
    assertThat(late.datesRead()).isEqualTo(1);
    Map<String, String> incremental = map("2026-11-22");
    assertThat(incremental.get("email_hash:h1")).isEqualTo(incremental.get("user_id:cust-1"));

    ResolveIdentitiesJob.Result full = run("2026-11-22", config(7, true));
    assertThat(full.datesRead()).isEqualTo(3);
    assertThat(map("2026-11-22")).isEqualTo(incremental);

    // A whole date erased from events: its observations go, and what only it knew.
    tables.delete(Tables.EVENTS, "event_date = '2026-11-20'");
    ResolveIdentitiesJob.Result erased = run("2026-11-22");
    assertThat(erased.datesRead()).isZero();
    assertThat(tables.read(Tables.IDENTITY_OBSERVATIONS).where("event_date = '2026-11-20'").count())
        .isZero();
    assertThat(map("2026-11-22"))
        .doesNotContainKeys("anonymous_id:kiosk", "anonymous_id:phone", "email_hash:h1")
        .containsKeys("user_id:cust-1", "anonymous_id:tablet");
  }

  @Test
  void aBackfilledOlderDateSeesOnlyItsPastAndOldRunsAreDroppedAfterKeepDays() {
    firstTwoDays();
    writeDay("2026-11-22", ids("cust-1", null, "tablet"));
    run("2026-11-22", config(2, false));
    // Backfill the 21st after the 22nd: the tablet has not logged in yet then.
    ResolveIdentitiesJob.Result backfill = run("2026-11-21", config(2, false));
    assertThat(backfill.datesRead()).isZero();
    Map<String, String> on21 = map("2026-11-21");
    assertThat(on21).hasSize(10);
    assertThat(on21.get("anonymous_id:tablet")).isNotEqualTo(on21.get("user_id:cust-1"));
    assertThat(map("2026-11-22").get("anonymous_id:tablet")).isEqualTo(on21.get("user_id:cust-1"));
    // Each run date keeps its own graph: the backfill did not replace the 22nd's.
    assertThat(
            tables
                .read(Tables.IDENTITY_EDGES)
                .where("run_date = '2026-11-22' AND dst = 'anonymous_id:tablet'")
                .count())
        .isEqualTo(1);
    assertThat(
            tables
                .read(Tables.IDENTITY_EDGES)
                .where("run_date = '2026-11-21' AND dst = 'anonymous_id:tablet'")
                .count())
        .isZero();

    run("2026-11-23", config(2, false));
    assertThat(
            tables.read(Tables.IDENTITY_MAP).select("run_date").distinct().collectAsList().stream()
                .map(r -> r.getDate(0).toString())
                .sorted()
                .toList())
        .containsExactly("2026-11-22", "2026-11-23");
    assertThat(merges("2026-11-23")).isEmpty();
  }
}
