package org.segmentofone.measure;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;

/**
 * The transforms on a handful of events of four persons, launch on 2026-11-05 and a run date of
 * 2026-11-10: A (treatment) buys a clicked product within the attribution window and again two days
 * later (outside it), and bought before launch; B and C (control) are exposed on later days; M saw
 * both arms.
 */
class MeasureTransformsTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 10);
  private static final StructType EVENTS =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType)
          .add("event_type", DataTypes.StringType)
          .add("person_id", DataTypes.StringType)
          .add("session_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("quantity", DataTypes.IntegerType)
          .add("price", DataTypes.DoubleType)
          .add("order_id", DataTypes.StringType)
          .add("experiment", DataTypes.StringType)
          .add("arm", DataTypes.StringType)
          .add("event_date", DataTypes.DateType);
  private static final List<Row> ROWS = new ArrayList<>();
  private static Dataset<Row> events;
  private static Dataset<Row> windows;
  private static Dataset<Row> assignments;

  private static void ev(
      String time,
      String type,
      String person,
      String session,
      String product,
      Integer qty,
      Double price,
      String order,
      String arm) {
    Instant t = Instant.parse(time);
    ROWS.add(
        RowFactory.create(
            "e" + ROWS.size(),
            Timestamp.from(t),
            type,
            person,
            session,
            product,
            qty,
            price,
            order,
            arm == null ? null : "recs-v1",
            arm,
            Date.valueOf(time.substring(0, 10))));
  }

  @BeforeAll
  static void events() {
    ev("2026-11-01T10:00:00Z", "purchase", "A", "a0", "P9", 1, 10.0, "oA0", null);
    ev("2026-11-05T09:00:00Z", "rec_impression", "A", "a1", null, null, null, null, "treatment");
    ev("2026-11-05T10:00:00Z", "rec_click", "A", "a1", "P1", null, null, null, "treatment");
    ev("2026-11-05T12:00:00Z", "purchase", "A", "a1", "P1", 2, 20.0, "oA1", null);
    ev("2026-11-05T12:00:00Z", "purchase", "A", "a1", "P2", 1, 5.0, "oA1", null);
    ev("2026-11-07T09:00:00Z", "purchase", "A", "a2", "P1", 1, 20.0, "oA2", null);
    ev("2026-11-06T09:00:00Z", "rec_impression", "B", "b1", null, null, null, null, "control");
    ev("2026-11-06T09:05:00Z", "product_view", "B", "b1", "P3", null, null, null, null);
    ev("2026-11-08T09:00:00Z", "purchase", "B", "b2", "P3", 1, 30.0, "oB2", null);
    ev("2026-11-05T09:00:00Z", "rec_impression", "M", "m1", null, null, null, null, "treatment");
    ev("2026-11-06T09:00:00Z", "rec_impression", "M", "m2", null, null, null, null, "control");
    ev("2026-11-09T09:00:00Z", "rec_impression", "C", "c1", null, null, null, null, "control");
    ev("2026-11-11T09:00:00Z", "purchase", "C", "c2", "P3", 1, 30.0, "oC2", null);
    events = MeasureTransforms.upTo(TestSpark.session().createDataFrame(ROWS, EVENTS), RUN).cache();
    List<Row> w = new ArrayList<>();
    for (ExperimentWindows.Span s :
        ExperimentWindows.of(Map.of("recs-v1", LocalDate.of(2026, 11, 5)), Map.of(), 30, RUN)) {
      w.add(
          RowFactory.create(
              s.experiment(), s.period(), Date.valueOf(s.start()), Date.valueOf(s.end())));
    }
    windows =
        TestSpark.session()
            .createDataFrame(
                w,
                new StructType()
                    .add("experiment", DataTypes.StringType)
                    .add("period", DataTypes.StringType)
                    .add("start", DataTypes.DateType)
                    .add("end", DataTypes.DateType));
    assignments = MeasureTransforms.assignments(events, windows).cache();
  }

  @Test
  void theLaunchIsTheFirstImpressionDate() {
    Row r = MeasureTransforms.launches(events).head();
    assertThat(r.getString(0)).isEqualTo("recs-v1");
    assertThat(r.getDate(1).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 5));
  }

  @Test
  void theBaselineIsAsLongAsTheElapsedWindowAndEndsTheDayBeforeLaunch() {
    assertThat(ExperimentWindows.of(Map.of("x", LocalDate.of(2026, 11, 5)), Map.of(), 30, RUN))
        .containsExactly(
            new ExperimentWindows.Span("x", "experiment", LocalDate.of(2026, 11, 5), RUN),
            new ExperimentWindows.Span(
                "x", "baseline", LocalDate.of(2026, 10, 30), LocalDate.of(2026, 11, 4)));
    // A configured launch wins; a window of 3 days ends before the run date.
    assertThat(
            ExperimentWindows.of(
                Map.of("x", LocalDate.of(2026, 11, 5)),
                Map.of("x", LocalDate.of(2026, 11, 6)),
                3,
                RUN))
        .first()
        .isEqualTo(
            new ExperimentWindows.Span(
                "x", "experiment", LocalDate.of(2026, 11, 6), LocalDate.of(2026, 11, 8)));
    assertThat(ExperimentWindows.of(Map.of("x", RUN.plusDays(1)), Map.of(), 30, RUN)).isEmpty();
  }

  @Test
  void personsGetTheirArmAndFirstExposureAndAPersonInBothArmsIsMixed() {
    Map<String, String> got = new LinkedHashMap<>();
    for (Row r : assignments.orderBy("person_id").collectAsList()) {
      got.put(
          r.getAs("person_id"),
          r.getAs("arm") + "/" + r.getAs("arms") + "/" + r.getAs("first_exposure"));
    }
    assertThat(got)
        .containsExactly(
            Map.entry("A", "treatment/1/2026-11-05"),
            Map.entry("B", "control/1/2026-11-06"),
            Map.entry("C", "control/1/2026-11-09"),
            Map.entry("M", "control/2/2026-11-05"));
    assertThat(MeasureTransforms.mixedPersons(assignments).head().getLong(1)).isEqualTo(1);
  }

  @Test
  void sessionsCountOrdersRevenueClicksAndRevenueAttributedWithinTheWindowOnly() {
    Map<String, Row> s = new LinkedHashMap<>();
    for (Row r : MeasureTransforms.sessions(events, 24).collectAsList()) {
      s.put(r.getAs("session"), r);
    }
    Row a1 = s.get("a1");
    assertThat(a1.<Double>getAs("converting_sessions")).isEqualTo(1.0);
    assertThat(a1.<Double>getAs("orders")).isEqualTo(1.0); // two lines, one order
    assertThat(a1.<Double>getAs("revenue")).isEqualTo(45.0); // 2 × 20 + 5
    assertThat(a1.<Double>getAs("rec_clicks")).isEqualTo(1.0);
    assertThat(a1.<Double>getAs("rec_revenue")).isEqualTo(40.0); // only the clicked P1, 2 h later
    Row a2 = s.get("a2");
    assertThat(a2.<Double>getAs("revenue")).isEqualTo(20.0);
    assertThat(a2.<Double>getAs("rec_revenue")).isZero(); // 47 h after the click
    assertThat(s.get("b1").<Double>getAs("converting_sessions")).isZero();
    assertThat(s.get("b1").getDate(s.get("b1").fieldIndex("session_date")))
        .isEqualTo(Date.valueOf("2026-11-06"));
    assertThat(s).doesNotContainKey("c2"); // after the run date
    // With a 48-hour window the second purchase of P1 counts too.
    Row wide = MeasureTransforms.sessions(events, 48).where(col("session").equalTo("a2")).head();
    assertThat(wide.<Double>getAs("rec_revenue")).isEqualTo(20.0);
  }

  @Test
  void armSumsAccumulateByDayFromFirstExposureAndTheBaselineCountsEveryAssignedPerson() {
    Map<String, Row> sums = new LinkedHashMap<>();
    for (Row r :
        MeasureTransforms.armSums(MeasureTransforms.sessions(events, 24), assignments, windows)
            .collectAsList()) {
      sums.put(r.getAs("period") + "|" + r.getAs("arm") + "|" + r.getAs("as_of"), r);
    }
    assertThat(sums).hasSize(6 + 5 + 2); // treatment from 11-05, control from 11-06, baseline
    Row t5 = sums.get("experiment|treatment|2026-11-05");
    assertThat(t5.<Long>getAs("persons")).isEqualTo(1);
    assertThat(t5.<Double>getAs("sum_revenue")).isEqualTo(45.0);
    Row tEnd = sums.get("experiment|treatment|2026-11-10");
    assertThat(tEnd.<Double>getAs("sum_sessions")).isEqualTo(2.0);
    assertThat(tEnd.<Double>getAs("sum_revenue")).isEqualTo(65.0);
    assertThat(tEnd.<Double>getAs("sum_rec_revenue")).isEqualTo(40.0);
    assertThat(tEnd.<Double>getAs("x_revenue__rec_revenue")).isEqualTo(65.0 * 40);
    Row c8 = sums.get("experiment|control|2026-11-08");
    assertThat(c8.<Long>getAs("persons")).isEqualTo(1); // C only from 11-09
    assertThat(c8.<Double>getAs("sum_revenue")).isEqualTo(30.0);
    Row cEnd = sums.get("experiment|control|2026-11-10");
    assertThat(cEnd.<Long>getAs("persons")).isEqualTo(2);
    assertThat(cEnd.<Double>getAs("sum_sessions")).isEqualTo(3.0); // b1, b2, c1
    assertThat(cEnd.<Double>getAs("x_sessions__sessions")).isEqualTo(4.0 + 1.0);
    assertThat(cEnd.<Double>getAs("x_sessions__converting_sessions")).isEqualTo(2.0);
    Row bt = sums.get("baseline|treatment|2026-11-04");
    assertThat(bt.<Double>getAs("sum_revenue")).isEqualTo(10.0);
    Row bc = sums.get("baseline|control|2026-11-04");
    assertThat(bc.<Long>getAs("persons")).isEqualTo(2); // B and C, no session before launch
    assertThat(bc.<Double>getAs("sum_sessions")).isZero();
  }

  @Test
  void readoutRowsCarryTheConversionRateWithItsIntervalAndTheLift() {
    // Persons (sessions, converting): control 1/4, 1/3, 0/3 = 2/10; treatment 2/4, 1/3, 1/3 = 4/10.
    ArmSums control = arm("control", new int[][] {{4, 1}, {3, 1}, {3, 0}});
    ArmSums treatment = arm("treatment", new int[][] {{4, 2}, {3, 1}, {3, 1}});
    Map<String, ArmSums> arms =
        new java.util.TreeMap<>(Map.of("control", control, "treatment", treatment));
    Readouts.Window w = new Readouts.Window("x", "experiment", LocalDate.of(2026, 11, 1), RUN, RUN);
    List<ReadoutRow> rows = Readouts.of(w, arms, 1, MeasureConfig.defaults());
    ReadoutRow t =
        rows.stream()
            .filter(r -> r.arm().equals("treatment") && r.metric().equals("conversion_rate"))
            .findFirst()
            .orElseThrow();
    assertThat(t.value()).isEqualTo(0.4);
    assertThat(t.controlValue()).isEqualTo(0.2);
    assertThat(t.lift()).isCloseTo(1.0, within(1e-12));
    Ratio expected = Ratio.of(treatment.moments(Metric.CONVERSION_RATE));
    assertThat(t.ciLow()).isEqualTo(expected.low(0.05));
    assertThat(t.days()).isEqualTo(10);
    assertThat(t.persons()).isEqualTo(3);
    assertThat(t.sessions()).isEqualTo(10);
    assertThat(t.mixedPersons()).isEqualTo(1);
    assertThat(t.srmPValue()).isCloseTo(1.0, within(1e-7));
    assertThat(t.isFinal()).isTrue();
    assertThat(rows)
        .filteredOn(r -> r.metric().equals("revenue"))
        .extracting(ReadoutRow::arm)
        .containsExactly("control", "treatment");
    assertThat(rows)
        .filteredOn(r -> r.arm().equals("control"))
        .allSatisfy(r -> assertThat(r.lift()).isNaN());
  }

  /** An arm's sums from persons' (sessions, converting sessions); other quantities are zero. */
  private static ArmSums arm(String name, int[][] persons) {
    int n = Quantity.values().length;
    double[] sums = new double[n];
    double[][] cross = new double[n][n];
    for (int[] p : persons) {
      double[] q = new double[n];
      q[Quantity.SESSIONS.ordinal()] = p[0];
      q[Quantity.CONVERTING_SESSIONS.ordinal()] = p[1];
      for (int i = 0; i < n; i++) {
        sums[i] += q[i];
        for (int j = 0; j < n; j++) {
          cross[i][j] += q[i] * q[j];
        }
      }
    }
    return new ArmSums(name, persons.length, sums, cross);
  }
}
