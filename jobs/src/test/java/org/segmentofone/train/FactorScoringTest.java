package org.segmentofone.train;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;

class FactorScoringTest {
  @Test
  void eachUserKeepsItsBestItemsAcrossTilesAndATieGoesToTheEarlierItem() {
    // Items 10 = (1, 0), 11 = (0, 1), 12 = (1, 1), scored two at a time.
    FactorTopK topK = new FactorTopK(2, new int[] {10, 11, 12}, new float[] {1, 0, 0, 1, 1, 1}, 2);
    FactorTopK.Best[] best = topK.top(new float[] {2, 1, 1, 1}, 2, 2);
    // (2, 1): 12 → 3, 10 → 2, 11 → 1. (1, 1): 12 → 2, then 10 and 11 tie at 1.
    assertThat(best[0].ids()).containsExactly(12, 10);
    assertThat(best[0].scores()).containsExactly(3f, 2f);
    assertThat(best[1].ids()).containsExactly(12, 10);
    assertThat(best[1].scores()).containsExactly(2f, 1f);
    // More asked than the catalog has: every item, best first.
    assertThat(topK.top(new float[] {0, 1}, 1, 5)[0].ids()).containsExactly(11, 12, 10);
  }

  @Test
  void theBlockedScoringFindsSparksRecommendForAllListsForASubsetOfUsers() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> users =
        spark.range(40).select(col("id").cast("int").as("id"), vector(4, 1).as("features"));
    Dataset<Row> items =
        spark.range(70).select(col("id").cast("int").as("id"), vector(4, 100).as("features"));
    ALSModel model = new ALSModel("test", 4, users, items).setUserCol("user").setItemCol("item");
    Dataset<Row> subset = spark.range(0, 40, 3).select(col("id").cast("int").as("user"));
    List<Row> spark5 =
        model
            .recommendForUserSubset(subset, 5)
            .select(col("user"), explode(col("recommendations")).as("r"))
            .select(col("user"), col("r.item"), col("r.rating"))
            .orderBy(col("user"), col("rating").desc())
            .collectAsList();
    List<Row> ours =
        FactorScoring.top(
                users.join(subset.withColumnRenamed("user", "id"), "id"), items, 4, 5, 3, 16)
            .orderBy(col("query"), col("score").desc())
            .collectAsList();
    assertThat(ours).hasSize(14 * 5);
    assertThat(ours)
        .extracting(r -> r.getInt(0), r -> r.getInt(1))
        .containsExactlyElementsOf(
            spark5.stream().map(r -> tuple(r.getInt(0), r.getInt(1))).toList());
    for (int i = 0; i < ours.size(); i++) {
      assertThat(ours.get(i).getFloat(2))
          .isCloseTo(spark5.get(i).getFloat(2), org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  private static Column vector(int rank, int seed) {
    return array(
        IntStream.range(0, rank)
            .mapToObj(i -> randn(seed + i).cast("float"))
            .toArray(Column[]::new));
  }
}
