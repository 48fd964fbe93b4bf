package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.rand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.segmentofone.TestSpark.rows;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.consume.ConsumeTransforms;

class BacktestTest {
  private static final LocalDate CUTOFF = LocalDate.of(2026, 11, 20);
  private static final ConsumeConfig CONSUME =
      new ConsumeConfig(
          Map.of("product_view", 1.0, "add_to_cart", 4.0, "purchase", 8.0), 10, 5, 100, 365);
  private static final StructType EVENTS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("event_date", DataTypes.DateType)
          .add("event_time", DataTypes.TimestampType)
          .add("consent_personalization", DataTypes.BooleanType);
  private static Backtest backtest;

  private static Object[] ev(String person, String type, String product, int day, Boolean consent) {
    LocalDate d = LocalDate.of(2026, 11, day);
    return new Object[] {
      person, type, product, Date.valueOf(d), Timestamp.valueOf(d.atTime(10, 0)), consent
    };
  }

  @BeforeAll
  static void split() {
    Dataset<Row> events =
        rows(
            EVENTS,
            // ann: 3 product events before the cutoff, buys p9 after it.
            ev("ann", "product_view", "p1", 9, null),
            ev("ann", "purchase", "p2", 19, null),
            ev("ann", "product_view", "p3", 19, null),
            ev("ann", "purchase", "p9", 21, null),
            // bob: only 2 events before: the fallback serves him.
            ev("bob", "product_view", "p1", 18, null),
            ev("bob", "product_view", "p2", 18, null),
            ev("bob", "add_to_cart", "p3", 20, null),
            // cid: plenty of events but withdrew consent.
            ev("cid", "product_view", "p1", 15, false),
            ev("cid", "product_view", "p2", 15, false),
            ev("cid", "product_view", "p3", 15, false),
            ev("cid", "purchase", "p4", 22, false),
            // dan: rich history, nothing after the cutoff: not a test person.
            ev("dan", "product_view", "p1", 10, null),
            ev("dan", "product_view", "p2", 11, null),
            ev("dan", "product_view", "p3", 12, null));
    backtest = Backtest.at(events, ConsumeTransforms.consent(events), CONSUME, CUTOFF, true, 3);
  }

  @Test
  void feedbackIsBuiltFromTheEventsBeforeTheCutoffDecayedToTheDayBefore() {
    Map<String, Double> c =
        backtest.interactions().where("person_id = 'ann'").collectAsList().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    r -> r.getString(r.fieldIndex("product_id")),
                    r -> r.getDouble(r.fieldIndex("confidence"))));
    // Day 19 is the feedback's run date (age 0); day 9 is one half-life (10 days) older.
    assertThat(c).containsOnlyKeys("p1", "p2", "p3");
    assertThat(c.get("p2")).isCloseTo(8.0, within(1e-9));
    assertThat(c.get("p1")).isCloseTo(0.5, within(1e-9));
    assertThat(backtest.interactions().where("person_id = 'cid'").count())
        .as("no feedback of a person without consent")
        .isZero();
  }

  @Test
  void theLadderPersonalisesOnlyConsentingTestPersonsWithEnoughEvents() {
    assertThat(backtest.testPersons().orderBy("person_id").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("ann", "bob", "cid");
    assertThat(backtest.personalised().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("ann");
  }

  @Test
  void aSampleScoresAFixedNumberOfTestPersonsChosenByTheirIdsAlone() {
    // 40 test persons: each viewed three products and bought one before the cutoff, one after.
    List<Object[]> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String person = "person-" + i;
      many.add(ev(person, "product_view", "p1", 10, null));
      many.add(ev(person, "product_view", "p2", 11, null));
      many.add(ev(person, "purchase", "p3", 12, null));
      many.add(ev(person, "purchase", "p" + (4 + i % 3), 21, null));
    }
    Dataset<Row> events = rows(EVENTS, many.toArray(Object[][]::new));
    Backtest full =
        Backtest.at(events, ConsumeTransforms.consent(events), CONSUME, CUTOFF, true, 3);

    Backtest sample = full.sample(10, 17);
    List<String> chosen = ids(sample.testPersons());
    assertThat(chosen).hasSize(10);
    assertThat(ids(sample.test().select("person_id"))).isEqualTo(chosen);
    assertThat(ids(sample.personalised())).isEqualTo(chosen);
    assertThat(ids(sample.exclude().select("person_id"))).isEqualTo(chosen);
    assertThat(sample.interactions().count())
        .as("training feedback is not sampled")
        .isEqualTo(full.interactions().count());

    // The same persons whatever the rows' order, and when unsampled persons leave the test.
    Dataset<Row> reordered = events.orderBy(rand(3));
    assertThat(
            ids(
                Backtest.at(
                        reordered, ConsumeTransforms.consent(reordered), CONSUME, CUTOFF, true, 3)
                    .sample(10, 17)
                    .testPersons()))
        .isEqualTo(chosen);
    Dataset<Row> fewer =
        events.where(
            org.apache
                .spark
                .sql
                .functions
                .col("person_id")
                .isin((Object[]) chosen.toArray(String[]::new))
                .or(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .col("person_id")
                        .isin("person-0", "person-1", "person-2")));
    assertThat(
            ids(
                Backtest.at(fewer, ConsumeTransforms.consent(fewer), CONSUME, CUTOFF, true, 3)
                    .sample(10, 17)
                    .testPersons()))
        .isEqualTo(chosen);
    assertThat(ids(full.sample(10, 18).testPersons())).as("another seed").isNotEqualTo(chosen);
    assertThat(full.sample(0, 17)).as("0 = every test person").isSameAs(full);
    assertThat(full.sample(100, 17).testPersons().count()).isEqualTo(40);
  }

  private static List<String> ids(Dataset<Row> persons) {
    return persons.select("person_id").distinct().orderBy("person_id").collectAsList().stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @Test
  void whatWasBoughtBeforeTheCutoffIsExcluded() {
    assertThat(backtest.exclude().collectAsList())
        .extracting(r -> r.getString(0), r -> r.getString(1))
        .containsExactly(tuple("ann", "p2"));
  }
}
