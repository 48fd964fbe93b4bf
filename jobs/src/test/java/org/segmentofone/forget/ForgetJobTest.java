package org.segmentofone.forget;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.TableSpec;
import org.segmentofone.common.Tables;

/**
 * forget on a hand-built warehouse: person A (user u1, email e1, devices d1 and d2, the latter
 * first seen as person p-old and merged into A), person B (user u2, device d3), and a shop kiosk k1
 * (a suspect) that both used. Erasing u1 must take every row of A and p-old, and nothing of B's.
 */
class ForgetJobTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
  private static final String SALT = "test-salt";
  private static final String D20 = "2026-11-20";
  private static final String D21 = "2026-11-21";

  private static final SparkSession spark = TestSpark.session();
  private static java.nio.file.Path template;

  /** A copy of the template from which user u1 was erased once, shared by the read-only tests. */
  private static PathsConfig paths;

  private static DeltaTables tables;
  private static ForgetJob.Result erasedU1;

  /** A fresh copy of a warehouse (Delta tables hold relative file paths, so a copy is a table). */
  private static PathsConfig copyOf(java.nio.file.Path root) throws Exception {
    java.nio.file.Path to = TestSpark.tempDir("forget");
    copy(root, to);
    return TestSpark.paths(to);
  }

  @BeforeAll
  static void buildWarehouse() throws Exception {
    template = TestSpark.tempDir("forget-template");
    PathsConfig paths = TestSpark.paths(template);
    DeltaTables tables = new DeltaTables(spark, paths);
    write(
        tables,
        Tables.EVENTS,
        event("e1", D20, null, null, "d2"),
        event("e2", D20, "u1", null, "d1"),
        event("e3", D21, "u1", null, "k1"),
        event("e4", D21, "u2", null, "k1"),
        event("e5", D21, "u2", null, "d3"),
        event("e6", D21, null, "e1", "d1"));
    write(
        tables,
        Tables.QUARANTINE,
        quarantined("{\"event_id\":\"q1\",\"anonymous_id\":\"d1\",\"price\":-3}"),
        quarantined("{\"event_id\":\"q2\",\"anonymous_id\":\"d3\",\"price\":-3}"));
    write(
        tables,
        Tables.IDENTITY_MAP,
        mapped("anonymous_id", "d2", "p-old", D20),
        mapped("user_id", "u1", "p-a", D20),
        mapped("anonymous_id", "d1", "p-a", D20),
        mapped("user_id", "u2", "p-b", D20),
        mapped("anonymous_id", "d3", "p-b", D20),
        mapped("anonymous_id", "k1", "p-k", D20),
        mapped("user_id", "u1", "p-a", D21),
        mapped("email_hash", "e1", "p-a", D21),
        mapped("anonymous_id", "d1", "p-a", D21),
        mapped("anonymous_id", "d2", "p-a", D21),
        mapped("user_id", "u2", "p-b", D21),
        mapped("anonymous_id", "d3", "p-b", D21),
        mapped("anonymous_id", "k1", "p-k", D21));
    write(
        tables, Tables.IDENTITY_MERGES, RowFactory.create("p-old", "p-a", 1L, "merged", date(D21)));
    write(
        tables,
        Tables.IDENTITY_SUSPECTS,
        RowFactory.create("anonymous_id", "k1", "shared_device", 2L, 3L, null, null, date(D21)));
    write(
        tables,
        Tables.IDENTITY_EDGES,
        edge("user_id:u1", "anonymous_id:d1", true),
        edge("user_id:u1", "anonymous_id:k1", false),
        edge("user_id:u2", "anonymous_id:k1", false),
        edge("user_id:u2", "anonymous_id:d3", true));
    write(
        tables,
        Tables.INTERACTIONS,
        interaction("p-a", "x1"),
        interaction("p-a", "x2"),
        interaction("p-b", "x1"));
    write(
        tables,
        Tables.RECOMMENDATIONS,
        rec("p-old", D20),
        rec("p-a", D20),
        rec("p-a", D21),
        rec("p-b", D21));
    write(
        tables,
        Tables.PERSON_INDEX,
        RowFactory.create("p-a", 0),
        RowFactory.create("p-b", 1),
        RowFactory.create("p-old", 2));
    StructType factors =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType));
    TestSpark.rows(
            factors,
            new Object[] {0, new float[] {1f}},
            new Object[] {1, new float[] {2f}},
            new Object[] {2, new float[] {3f}})
        .write()
        .parquet(paths.table("models/" + D21 + "/run-1/als/userFactors"));

    ForgetJobTest.paths = copyOf(template);
    ForgetJobTest.tables = new DeltaTables(spark, ForgetJobTest.paths);
    erasedU1 = forget(ForgetJobTest.paths, "user_id:u1");
  }

  private static ForgetJob.Result forget(PathsConfig in, String... ids) {
    return new ForgetJob(spark, in, new ForgetConfig(List.of(ids), 0), SALT)
        .run(new RunContext("forget-1", LocalDate.parse("2026-11-22"), CLOCK));
  }

  @Test
  void erasingAUserIdRemovesEveryRowOfThatPersonAndOfTheVisitorMergedIntoIt() {
    ForgetJob.Result r = erasedU1;

    assertThat(r.persons()).isEqualTo(2); // p-a and p-old
    assertThat(r.identifiers()).isEqualTo(4); // u1, e1, d1, d2 — not the kiosk
    assertThat(r.deleted())
        .containsEntry("events", 4L)
        .containsEntry("quarantine", 1L)
        .containsEntry("identity_map", 7L)
        .containsEntry("identity_merges", 1L)
        .containsEntry("identity_suspects", 0L)
        .containsEntry("identity_edges", 2L)
        .containsEntry("interactions", 2L)
        .containsEntry("recommendations", 3L)
        .containsEntry("person_index", 2L);
    assertThat(ids(Tables.EVENTS, "event_id")).containsExactlyInAnyOrder("e4", "e5");
    assertThat(ids(Tables.QUARANTINE, "raw")).singleElement().asString().contains("d3");
    assertThat(ids(Tables.IDENTITY_MAP, "person_id")).containsOnly("p-b", "p-k");
    assertThat(ids(Tables.IDENTITY_SUSPECTS, "id_value")).containsExactly("k1");
    assertThat(ids(Tables.RECOMMENDATIONS, "person_id")).containsExactly("p-b");
    assertThat(ids(Tables.PERSON_INDEX, "person_id")).containsExactly("p-b");
    assertThat(
            spark
                .read()
                .parquet(paths.table("models/" + D21 + "/run-1/als/userFactors"))
                .select("id")
                .as(org.apache.spark.sql.Encoders.INT())
                .collectAsList())
        .containsExactly(1);
    assertThat(r.modelsRewritten()).isEqualTo(1);
  }

  @Test
  void olderTableVersionsNoLongerReturnTheErasedRowsAfterTheVacuum() {
    assertThat(erasedU1.vacuumed()).contains("events", "identity_map", "recommendations");
    for (String table : List.of("events", "identity_map", "recommendations", "interactions")) {
      String path = paths.table(table);
      assertThatThrownBy(
              () -> spark.read().format("delta").option("versionAsOf", 0).load(path).collect())
          .as("version 0 of %s", table)
          .satisfies(
              e ->
                  assertThat(org.apache.commons.lang3.exception.ExceptionUtils.getStackTrace(e))
                      .containsAnyOf("does not exist", "cannot be found", "FileNotFound"));
    }
  }

  @Test
  void theErasureListHoldsSaltedHashesNeverTheIdentifiersAndARetryAddsNothing() throws Exception {
    PathsConfig retried = copyOf(java.nio.file.Path.of(paths.warehouse()).getParent());
    ForgetJob.Result again = forget(retried, "user_id:u1");

    List<Row> erasures = new DeltaTables(spark, retried).read(Tables.ERASURES).collectAsList();
    assertThat(erasures).hasSize(4);
    assertThat(erasures)
        .extracting(e -> e.getString(e.fieldIndex("id_hash")))
        .contains(Erasures.idHash(SALT, new Identifier("user_id", "u1")))
        .allSatisfy(h -> assertThat(h).matches("[0-9a-f]{64}").isNotIn("u1", "d1", "d2", "e1"));
    assertThat(erasures)
        .filteredOn(e -> e.getBoolean(e.fieldIndex("requested")))
        .extracting(e -> e.getString(e.fieldIndex("id_type")))
        .containsExactly("user_id");
    assertThat(again.erasuresRecorded()).isZero();
    assertThat(again.deleted().values()).containsOnly(0L);
    assertThat(again.vacuumed()).isEmpty();
  }

  @Test
  void collectDropsEventsOfErasedIdentifiersAndCountsThem() {
    Dataset<Row> classified =
        TestSpark.rows(
            new StructType()
                .add("event_id", DataTypes.StringType)
                .add("user_id", DataTypes.StringType)
                .add("email_hash", DataTypes.StringType)
                .add("anonymous_id", DataTypes.StringType)
                .add("status", DataTypes.StringType),
            new Object[] {"n1", " u1 ", null, "new-device", "accepted"},
            new Object[] {"n2", null, "E1", null, "quarantined"},
            new Object[] {"n3", null, null, "d2", "duplicate"},
            new Object[] {"n4", "u2", null, "k1", "accepted"});

    List<Row> out =
        org.segmentofone.collect.CollectTransforms.markErased(
                classified, tables.read(Tables.ERASURES), SALT)
            .orderBy("event_id")
            .select("event_id", "status")
            .collectAsList();

    assertThat(out)
        .extracting(x -> x.getString(0) + "=" + x.getString(1))
        .containsExactly("n1=erased", "n2=erased", "n3=erased", "n4=accepted");
  }

  @Test
  void aRequestedIdentifierNobodyHasIsStillRecordedAndNothingIsDeleted() throws Exception {
    PathsConfig fresh = copyOf(template);
    ForgetJob.Result r = forget(fresh, "anonymous_id:never-seen");

    assertThat(r.persons()).isZero();
    assertThat(r.unknown()).containsExactly("anonymous_id");
    assertThat(r.deleted().values()).containsOnly(0L);
    assertThat(r.erasuresRecorded()).isEqualTo(1);
    assertThat(r.vacuumed()).isEmpty();
    assertThat(new DeltaTables(spark, fresh).read(Tables.EVENTS).count()).isEqualTo(6);
  }

  @Test
  void badIdentifiersAreRefusedWithAMessageNamingThem() {
    ForgetConfig cfg = new ForgetConfig(List.of("phone:123"), 0);
    assertThatThrownBy(() -> cfg.identifiers(SALT))
        .hasMessage(
            "forget: unknown identifier type 'phone' in 'phone:123'; types: email, user_id,"
                + " email_hash, anonymous_id, person_id");
    assertThatThrownBy(() -> new ForgetConfig(List.of("u1"), 0).identifiers(SALT))
        .hasMessage(
            "forget: an identifier is TYPE:VALUE with TYPE one of email, user_id, email_hash,"
                + " anonymous_id, person_id, got 'u1'");
    assertThatThrownBy(() -> new ForgetConfig(List.of(), 0).identifiers(SALT))
        .hasMessageContaining("forget needs at least one identifier");
  }

  @Test
  void anEmailIsHashedExactlyAsCollectStoresIt() {
    String stored =
        spark
            .range(1)
            .select(
                org.segmentofone.collect.CollectTransforms.hashEmail(
                    org.apache.spark.sql.functions.lit("  A.Person@Example.COM "), SALT))
            .head()
            .getString(0);

    assertThat(Identifier.parse("email:  A.Person@Example.COM ", SALT))
        .isEqualTo(new Identifier("email_hash", stored));
  }

  private List<Object> ids(TableSpec spec, String column) {
    return tables.read(spec).select(col(column)).collectAsList().stream()
        .map(r -> r.get(0))
        .toList();
  }

  private static void write(DeltaTables tables, TableSpec spec, Row... rows) {
    tables.overwrite(spark.createDataFrame(List.of(rows), spec.schema()), spec);
  }

  private static void copy(java.nio.file.Path from, java.nio.file.Path to) throws Exception {
    try (var walk = java.nio.file.Files.walk(from)) {
      for (java.nio.file.Path p : walk.toList()) {
        java.nio.file.Path target = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(p, target);
        }
      }
    }
  }

  private static Date date(String d) {
    return Date.valueOf(d);
  }

  private static Row event(String id, String day, String user, String email, String anon) {
    Object[] v = new Object[Tables.EVENTS.schema().size()];
    v[0] = id;
    v[1] = Timestamp.valueOf(day + " 10:00:00");
    v[2] = "product_view";
    v[3] = anon;
    v[4] = user;
    v[5] = email;
    v[8] = "x1";
    v[v.length - 1] = date(day);
    return RowFactory.create(v);
  }

  private static Row quarantined(String raw) {
    return RowFactory.create(
        date(D21),
        date(D21),
        "run",
        "events",
        "f.parquet",
        "negative_price",
        raw,
        null,
        Timestamp.valueOf(D21 + " 06:00:00"));
  }

  private static Row mapped(String type, String value, String person, String runDate) {
    return RowFactory.create(type, value, person, null, null, 1L, date(runDate));
  }

  private static Row edge(String src, String dst, boolean linked) {
    return RowFactory.create(src, dst, null, null, 1L, linked, date(D21));
  }

  private static Row interaction(String person, String product) {
    return RowFactory.create(person, product, 1.0, 1L, 0L, 0L, null, date(D21));
  }

  private static Row rec(String person, String runDate) {
    return RowFactory.create(person, "home", 1, "x9", 0.5f, "als", null, "v", date(runDate));
  }
}
