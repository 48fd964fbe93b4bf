package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.itemtoitem.ItemToItem;

/**
 * Why the model picked a product for a person: of the products the person touched most recently,
 * the one whose ALS item factors are closest (cosine) to the pick's, as {@code viewed:<id>}, {@code
 * carted:<id>} or {@code bought:<id>}.
 */
public final class Reasons {
  private Reasons() {}

  /**
   * Each person's {@code cap} most recent interactions with the verb of each. Columns {@code
   * person_id, touched_id, why}.
   */
  public static Dataset<Row> history(Dataset<Row> interactions, int cap) {
    return ItemToItem.recent(interactions, cap)
        .select(
            col("person_id"),
            col("product_id").as("touched_id"),
            concat(HomeLadder.verb(), lit(":"), col("product_id")).as("why"));
  }

  /**
   * Replaces the {@code reason} of the model's picks (rows whose source is one of {@code sources})
   * by the touched product closest to each pick; a pick with no touched product with factors keeps
   * its reason.
   *
   * @param lists {@code person_id, product_id, source, reason, ...}
   * @param history {@link #history}
   * @param factors {@code product_id, features} with unit-length features
   */
  public static Dataset<Row> explain(
      Dataset<Row> lists, Dataset<Row> history, Dataset<Row> factors, String... sources) {
    Dataset<Row> picks =
        lists.where(col("source").isin((Object[]) sources)).select("person_id", "product_id");
    Dataset<Row> pickFactors = factors.select(col("product_id"), col("features").as("pick"));
    Dataset<Row> touchedFactors =
        factors.select(col("product_id").as("touched_id"), col("features").as("touched"));
    Dataset<Row> best =
        picks
            .join(pickFactors, "product_id")
            .join(history, "person_id")
            // A pick the person touched is explained by something else they touched.
            .where(col("touched_id").notEqual(col("product_id")))
            .join(touchedFactors, "touched_id")
            .withColumn(
                "cosine",
                expr("aggregate(zip_with(pick, touched, (x, y) -> x * y), 0D, (a, z) -> a + z)"))
            .groupBy("person_id", "product_id")
            .agg(max_by(col("why"), struct(col("cosine"), col("touched_id"))).as("explained"));
    return lists
        .join(best, new String[] {"person_id", "product_id"}, "left")
        .withColumn("reason", coalesce(col("explained"), col("reason")))
        .drop("explained");
  }
}
