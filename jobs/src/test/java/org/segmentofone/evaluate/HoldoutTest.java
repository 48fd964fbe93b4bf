package org.segmentofone.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.segmentofone.TestSpark.rows;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class HoldoutTest {
  private static final Instant CUTOFF = Instant.parse("2026-11-20T00:00:00Z");
  private static final StructType EVENTS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType);

  private static Object[] ev(String person, String type, String product, String time) {
    return new Object[] {person, type, product, Timestamp.from(Instant.parse(time))};
  }

  private static final Dataset<Row> EVENTS_ROWS =
      rows(
          EVENTS,
          ev("A", "product_view", "p1", "2026-11-10T00:00:00Z"),
          ev("A", "purchase", "p2", "2026-11-15T00:00:00Z"),
          ev("A", "add_to_cart", "p3", "2026-11-21T00:00:00Z"),
          ev("A", "purchase", "p2", "2026-11-22T00:00:00Z"),
          ev("A", "product_view", "p4", "2026-11-21T00:00:00Z"),
          ev("B", "purchase", "p5", "2026-11-21T00:00:00Z"),
          ev("C", "product_view", "p1", "2026-11-19T00:00:00Z"),
          ev("C", "purchase", "p1", "2026-11-20T00:00:00Z"));

  @Test
  void theTestHoldsCartsAndPurchasesFromTheCutoffOfPersonsSeenBeforeIt() {
    Holdout.Split split = Holdout.split(EVENTS_ROWS, CUTOFF, true);
    assertThat(split.train().count()).isEqualTo(3);
    assertThat(split.test().orderBy("person_id").collectAsList())
        .extracting(r -> r.getString(0), r -> r.getString(1))
        .containsExactly(tuple("A", "p3"), tuple("C", "p1"));
  }

  @Test
  void aRepeatPurchaseCountsOnlyWhenAlreadyBoughtItemsAreNotExcluded() {
    assertThat(
            Holdout.split(EVENTS_ROWS, CUTOFF, false)
                .test()
                .orderBy("person_id", "product_id")
                .collectAsList())
        .extracting(r -> r.getString(0), r -> r.getString(1))
        .containsExactly(tuple("A", "p2"), tuple("A", "p3"), tuple("C", "p1"));
  }

  @Test
  void popularityRanksByDecayedWeightsAndSkipsWhatEachPersonBought() {
    Holdout.Split split = Holdout.split(EVENTS_ROWS, CUTOFF, true);
    // p2: one purchase 5 days old = 8 * 0.5^0.5 = 5.66; p1: views 10 and 1 days old = 1.43.
    Dataset<Row> lists =
        Holdout.popularity(
            split.train(),
            split.test(),
            Holdout.bought(split.train()),
            Map.of("product_view", 1.0, "purchase", 8.0),
            10.0,
            CUTOFF,
            2);
    assertThat(lists.orderBy("person_id", "rank").collectAsList())
        .extracting(r -> r.getString(0), r -> r.getString(1), r -> r.getInt(2))
        .containsExactly(tuple("A", "p1", 1), tuple("C", "p2", 1), tuple("C", "p1", 2));
  }

  @Test
  void coOccurrenceScoresProductsByHowOftenTheyMetAPersonsHistory() {
    Dataset<Row> train =
        rows(
            EVENTS,
            ev("X", "product_view", "p1", "2026-11-01T00:00:00Z"),
            ev("X", "product_view", "p2", "2026-11-02T00:00:00Z"),
            ev("Y", "product_view", "p1", "2026-11-01T00:00:00Z"),
            ev("Y", "add_to_cart", "p2", "2026-11-02T00:00:00Z"),
            ev("Y", "product_view", "p3", "2026-11-03T00:00:00Z"),
            ev("Z", "product_view", "p2", "2026-11-01T00:00:00Z"),
            ev("Z", "purchase", "p3", "2026-11-02T00:00:00Z"),
            ev("W", "product_view", "p1", "2026-11-05T00:00:00Z"));
    // Co-occurrence: p1-p2 2 (X, Y), p1-p3 1 (Y), p2-p3 2 (Y, Z). W (p1): p2 2, p3 1.
    // Z (p2, p3): p1 2 + 1 = 3, p3 2, p2 2 (a tie, by id); Z bought p3, so it is skipped.
    Dataset<Row> persons =
        rows(
            new StructType().add("person_id", DataTypes.StringType),
            new Object[] {"W"},
            new Object[] {"Z"});
    Dataset<Row> lists = Holdout.coOccurrence(train, persons, Holdout.bought(train), 10, 10, 2);
    assertThat(lists.orderBy("person_id", "rank").collectAsList())
        .extracting(r -> r.getString(0), r -> r.getString(1), r -> r.getInt(2))
        .containsExactly(
            tuple("W", "p2", 1), tuple("W", "p3", 2), tuple("Z", "p1", 1), tuple("Z", "p2", 2));
  }
}
