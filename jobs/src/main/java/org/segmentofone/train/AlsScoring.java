package org.segmentofone.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.common.PersonLists;

/**
 * Top-K lists from an ALS model for a set of persons, with each person's own exclusions (already
 * bought, already rated) removed before the cut. The blocked {@link FactorScoring} fetches K plus
 * the largest exclusion count of any of these persons (at most {@link #MAX_EXTRA}), so a list is
 * full after its exclusions whenever the catalog allows.
 */
public final class AlsScoring {
  /** Cap on the extra items fetched per person to make room for exclusions. */
  public static final int MAX_EXTRA = 1000;

  private AlsScoring() {}

  /**
   * @param persons {@code person_id} to score (persons the model does not know get no list)
   * @param exclude {@code person_id, product_id} never to show that person
   * @return {@code person_id, product_id, score, rank} (rank 1 = best), at most k per person
   */
  public static Dataset<Row> topK(
      ALSModel model,
      Dataset<Row> persons,
      Dataset<Row> personIndex,
      Dataset<Row> productIndex,
      Dataset<Row> exclude,
      int k) {
    Dataset<Row> known =
        persons
            .select("person_id")
            .distinct()
            .join(personIndex, "person_id")
            .select(col("person_id"), col("idx").as("user"));
    Row most =
        exclude
            .join(known.select("person_id"), "person_id")
            .groupBy("person_id")
            .agg(count(lit(1)).as("n"))
            .agg(max("n"))
            .head();
    int extra = most.isNullAt(0) ? 0 : (int) Math.min(MAX_EXTRA, most.getLong(0));
    Dataset<Row> queries = model.userFactors().join(known.select(col("user").as("id")), "id");
    return FactorScoring.top(queries, model.itemFactors(), model.rank(), k + extra)
        .select(col("query").as("user"), col("target").as("item"), col("score"))
        .join(known, "user")
        .join(productIndex.withColumnRenamed("idx", "item"), "item")
        .join(exclude, new String[] {"person_id", "product_id"}, "left_anti")
        .transform(d -> PersonLists.top(d, k))
        .select(col("person_id"), col("product_id"), col("score"), col("rank"));
  }
}
