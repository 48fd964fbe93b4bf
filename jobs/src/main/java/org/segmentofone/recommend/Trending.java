package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.segmentofone.consume.ConsumeTransforms;

/**
 * Trending: popularity with recency, overall (scope {@code all}) and per top-level category (scope
 * {@code category:<top_category>}); what visitors without a history see.
 */
public final class Trending {
  public static final String ALL = "all";
  public static final String CATEGORY_SCOPE = "category:";
  public static final String REASON = "trending";

  private Trending() {}

  /**
   * Weighted product events of the last {@code days} days (run date inclusive), halved every {@code
   * halfLifeDays}, summed per product; products with a positive score only. Columns {@code
   * product_id, top_category, score}.
   */
  public static Dataset<Row> scores(
      Dataset<Row> events,
      Dataset<Row> products,
      Map<String, Double> weights,
      int days,
      double halfLifeDays,
      LocalDate runDate) {
    Date run = Date.valueOf(runDate);
    Column weight = ConsumeTransforms.eventWeight(ConsumeTransforms.positive(weights));
    return events
        .where(
            col("event_date")
                .gt(lit(Date.valueOf(runDate.minusDays(days))))
                .and(col("event_date").leq(lit(run)))
                .and(col("product_id").isNotNull()))
        .groupBy("product_id", "event_type", "event_date")
        .agg(count(lit(1)).as("n"))
        .withColumn(
            "s",
            weight
                .multiply(col("n"))
                .multiply(
                    pow(lit(0.5), datediff(lit(run), col("event_date")).divide(halfLifeDays))))
        .groupBy("product_id")
        .agg(sum("s").as("score"))
        .where(col("score").gt(0))
        .join(products.select("product_id", "top_category"), "product_id");
  }

  /**
   * The best {@code depth} products of each scope as rule candidates (key {@code scope}): {@code
   * scope, product_id, score, priority, source, reason}.
   */
  public static Dataset<Row> candidates(Dataset<Row> scores, int depth) {
    Dataset<Row> all = scores.select(lit(ALL).as("scope"), col("product_id"), col("score"));
    Dataset<Row> byCategory =
        scores
            .where(col("top_category").isNotNull())
            .select(
                concat(lit(CATEGORY_SCOPE), col("top_category")).as("scope"),
                col("product_id"),
                col("score"));
    return all.unionByName(byCategory)
        .withColumn(
            "_n",
            row_number()
                .over(Window.partitionBy("scope").orderBy(col("score").desc(), col("product_id"))))
        .where(col("_n").leq(depth))
        .select(
            col("scope"),
            col("product_id"),
            col("score"),
            lit(HomeLadder.PRIORITY_TRENDING).as("priority"),
            lit(HomeLadder.SOURCE_TRENDING).as("source"),
            lit(REASON).as("reason"));
  }
}
