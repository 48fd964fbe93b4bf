package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.segmentofone.TestSpark.rows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.evaluation.RankingEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;

class RankingMetricsTest {
  private static final StructType RECS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("rank", DataTypes.IntegerType);
  private static final StructType HELD_OUT =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType);
  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  /** metric@k → value, for the hand-computed case below. */
  private static Map<String, Double> got;

  /**
   * a: list p1 p2 p3 p4, bought p2 and p4. b: list p5 p6 p7, bought p5. c: no list, bought p1. d: a
   * list but nothing held out (not a test person). Catalog of 10 products.
   */
  @BeforeAll
  static void scoreTheHandExample() {
    Dataset<Row> recs =
        rows(
            RECS,
            new Object[] {"a", "p1", 1},
            new Object[] {"a", "p2", 2},
            new Object[] {"a", "p3", 3},
            new Object[] {"a", "p4", 4},
            new Object[] {"b", "p6", 2},
            new Object[] {"b", "p5", 1},
            new Object[] {"b", "p7", 3},
            new Object[] {"d", "p9", 1});
    Dataset<Row> heldOut =
        rows(
            HELD_OUT,
            new Object[] {"a", "p2"},
            new Object[] {"a", "p4"},
            new Object[] {"b", "p5"},
            new Object[] {"c", "p1"});
    got =
        RankingMetrics.evaluate(recs, heldOut, List.of(3, 4), 10).collectAsList().stream()
            .collect(
                Collectors.toMap(r -> r.getString(0) + "@" + r.getInt(1), r -> r.getDouble(2)));
  }

  @Test
  void everyMetricIsReportedAtEveryK() {
    assertThat(got).hasSize(RankingMetrics.ALL.size() * 2);
  }

  @Test
  void precisionAndRecallAverageOverTestPersonsCountingAPersonWithoutAListAsZero() {
    // @3: a 1 hit of 3 (recall 1/2), b 1 of 3 (recall 1), c 0.
    assertThat(got.get("precision@3")).isCloseTo((1 / 3.0 + 1 / 3.0) / 3, within(1e-9));
    assertThat(got.get("recall@3")).isCloseTo((0.5 + 1.0) / 3, within(1e-9));
    // @4: a finds p4 too: 2 of 4, recall 1.
    assertThat(got.get("precision@4")).isCloseTo((2 / 4.0 + 1 / 4.0) / 3, within(1e-9));
    assertThat(got.get("recall@4")).isCloseTo((1.0 + 1.0) / 3, within(1e-9));
  }

  @Test
  void ndcgDiscountsHitsByTheLogOfTheirRankAgainstTheIdealList() {
    double aAt3 = (1 / LOG2_3) / (1 + 1 / LOG2_3);
    double aAt4 = (1 / LOG2_3 + 1 / (Math.log(5) / Math.log(2))) / (1 + 1 / LOG2_3);
    assertThat(got.get("ndcg@3")).isCloseTo((aAt3 + 1.0) / 3, within(1e-9));
    assertThat(got.get("ndcg@4")).isCloseTo((aAt4 + 1.0) / 3, within(1e-9));
  }

  @Test
  void mapAveragesPrecisionAtEachHitOverMinOfKAndHeldOutItems() {
    // a @3: precision at rank 2 = 1/2, over min(3, 2) = 2 → 0.25; @4: (1/2 + 2/4) / 2 = 0.5.
    assertThat(got.get("map@3")).isCloseTo((0.25 + 1.0) / 3, within(1e-9));
    assertThat(got.get("map@4")).isCloseTo((0.5 + 1.0) / 3, within(1e-9));
  }

  @Test
  void hitRateAndMrrUseTheFirstHeldOutItemInTheList() {
    assertThat(got.get("hit_rate@3")).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(got.get("mrr@3")).isCloseTo((0.5 + 1.0) / 3, within(1e-9));
    assertThat(got.get("mrr@4")).isCloseTo((0.5 + 1.0) / 3, within(1e-9));
  }

  @Test
  void coverageIsTheShareOfTheCatalogInAnyTopKList() {
    // @3: p1 p2 p3 p5 p6 p7 p9; @4 adds p4.
    assertThat(got.get("coverage@3")).isCloseTo(0.7, within(1e-9));
    assertThat(got.get("coverage@4")).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void precisionRecallNdcgAndMapEqualSparksRankingEvaluatorOnRandomLists() {
    // 60 persons, lists of 0-12 products and 1-6 held-out ones out of 25, at K 1, 5 and 10.
    Random random = new Random(7);
    List<Object[]> recs = new ArrayList<>();
    List<Object[]> heldOut = new ArrayList<>();
    for (int person = 0; person < 60; person++) {
      List<Integer> shuffled = new ArrayList<>(IntStream.range(0, 25).boxed().toList());
      Collections.shuffle(shuffled, random);
      int listed = random.nextInt(13);
      for (int rank = 1; rank <= listed; rank++) {
        recs.add(new Object[] {"u" + person, "p" + shuffled.get(rank - 1), rank});
      }
      Collections.shuffle(shuffled, random);
      for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
        heldOut.add(new Object[] {"u" + person, "p" + shuffled.get(i)});
      }
    }
    Dataset<Row> r = rows(RECS, recs.toArray(Object[][]::new));
    Dataset<Row> h = rows(HELD_OUT, heldOut.toArray(Object[][]::new));
    Map<String, Double> ours =
        RankingMetrics.evaluate(r, h, List.of(1, 5, 10), 25).collectAsList().stream()
            .collect(
                Collectors.toMap(x -> x.getString(0) + "@" + x.getInt(1), x -> x.getDouble(2)));
    // Spark's evaluator wants item numbers: p<n> becomes n.
    Dataset<Row> numbered =
        RankingMetrics.lists(r, h)
            .select(
                org.apache
                    .spark
                    .sql
                    .functions
                    .transform(col("prediction"), p -> substring(p, 2, 3).cast("double"))
                    .as("prediction"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .transform(col("label"), p -> substring(p, 2, 3).cast("double"))
                    .as("label"))
            .cache();
    Map<String, String> names =
        Map.of(
            "precision", "precisionAtK",
            "recall", "recallAtK",
            "ndcg", "ndcgAtK",
            "map", "meanAveragePrecisionAtK");
    for (int k : List.of(1, 5, 10)) {
      for (Map.Entry<String, String> m : names.entrySet()) {
        double spark =
            new RankingEvaluator().setMetricName(m.getValue()).setK(k).evaluate(numbered);
        assertThat(ours.get(m.getKey() + "@" + k))
            .as(m.getKey() + "@" + k)
            .isCloseTo(spark, within(1e-12));
        assertThat(spark).as(m.getKey() + "@" + k + " is not trivially zero").isPositive();
      }
    }
    assertThat(RankingMetrics.ndcg(r, h, 5)).isCloseTo(ours.get("ndcg@5"), within(1e-12));
  }

  @Test
  void uncachedListsAreComputedOnceForEveryMetricAndKAndLeftUncached() {
    // Each row passing the map below bumps the accumulator: two reads of uncomputed lists would
    // count every row twice (as the uncached co-occurrence baseline once did).
    LongAccumulator computed = TestSpark.session().sparkContext().longAccumulator("list rows");
    Dataset<Row> recs =
        rows(
                RECS,
                new Object[] {"a", "p1", 1},
                new Object[] {"a", "p2", 2},
                new Object[] {"b", "p5", 1})
            .map(
                (MapFunction<Row, Row>)
                    row -> {
                      computed.add(1);
                      return row;
                    },
                Encoders.row(RECS));
    Dataset<Row> heldOut = rows(HELD_OUT, new Object[] {"a", "p2"}, new Object[] {"b", "p9"});

    List<Row> values = RankingMetrics.evaluate(recs, heldOut, List.of(1, 2), 10).collectAsList();

    assertThat(values).hasSize(2 * RankingMetrics.ALL.size());
    assertThat(computed.value()).isEqualTo(3L);
    assertThat(recs.storageLevel()).isEqualTo(StorageLevel.NONE());
  }
}
