package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.segmentofone.common.PersonLists;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.itemtoitem.Hybrid;

/** Pure transforms of recommend: candidates → rules → top-N, and the trending fallback. */
public final class RecommendTransforms {
  public static final String SOURCE_ALS = "als";
  public static final String SOURCE_ITEM_TO_ITEM = "item_to_item";
  public static final String SOURCE_HYBRID = "hybrid";
  public static final String SOURCE_TRENDING = "trending";
  public static final String REASON_ALS = "als:collaborative";
  public static final String REASON_ITEM_TO_ITEM = "item_to_item:similar";
  public static final String REASON_FEW_EVENTS = "trending:few_events";
  public static final String REASON_NO_CONSENT = "trending:no_consent";
  public static final String REASON_NO_FACTORS = "trending:not_in_model";

  private RecommendTransforms() {}

  /**
   * Which persons ALS serves: consenting persons with at least {@code minEvents} product events.
   * Columns {@code person_id, als (boolean), reason} (reason of the fallback when not ALS).
   */
  public static Dataset<Row> ladder(Dataset<Row> profiles, int minEvents) {
    Column als = col("consent").and(col("product_events").geq(minEvents));
    return profiles.select(
        col("person_id"),
        als.as("als"),
        when(col("consent").unary_$bang(), lit(REASON_NO_CONSENT))
            .when(col("product_events").lt(minEvents), lit(REASON_FEW_EVENTS))
            .as("fallback_reason"));
  }

  /**
   * Trending: weighted product events of the last {@code days} days (run date inclusive), halved
   * every {@code halfLifeDays}, summed per product; only products in stock; the best {@code limit}.
   * Columns {@code product_id, score, rank}.
   */
  public static Dataset<Row> trending(
      Dataset<Row> events,
      Dataset<Row> products,
      Map<String, Double> weights,
      int days,
      double halfLifeDays,
      LocalDate runDate,
      int limit) {
    Date run = Date.valueOf(runDate);
    Column weight = ConsumeTransforms.eventWeight(ConsumeTransforms.positive(weights));
    Dataset<Row> inStock = products.where(col("in_stock")).select("product_id");
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
        .join(inStock, "product_id")
        .withColumn(
            "rank", row_number().over(Window.orderBy(col("score").desc(), col("product_id"))))
        .where(col("rank").leq(limit));
  }

  /**
   * The basic rules: drop products the person bought (when asked) and out-of-stock or unknown
   * products (when asked). Candidates: {@code person_id, product_id, score, ...}; purchased: {@code
   * person_id, product_id}.
   */
  public static Dataset<Row> applyRules(
      Dataset<Row> candidates,
      Dataset<Row> purchased,
      Dataset<Row> products,
      boolean excludePurchased,
      boolean excludeOutOfStock) {
    Dataset<Row> out = candidates;
    if (excludePurchased) {
      out =
          out.join(
              purchased.select("person_id", "product_id"),
              new String[] {"person_id", "product_id"},
              "left_anti");
    }
    if (excludeOutOfStock) {
      out =
          out.join(products.where(col("in_stock")).select("product_id"), "product_id", "left_semi");
    }
    return out;
  }

  /** The model's source label: ALS alone, item-to-item alone, or their blend. */
  public static String modelSource(double blendWeight) {
    return blendWeight == 0 ? SOURCE_ALS : blendWeight == 1 ? SOURCE_ITEM_TO_ITEM : SOURCE_HYBRID;
  }

  /**
   * Why the model picked a product: the part that weighs more in its blended score ({@code
   * als:collaborative} or {@code item_to_item:similar}). Candidates carry {@code als_part} and
   * {@code item_part} (each in [0, 1]).
   */
  public static Column modelReason(double blendWeight) {
    return when(
            col(Hybrid.ITEM_PART)
                .multiply(blendWeight)
                .gt(col(Hybrid.ALS_PART).multiply(1 - blendWeight)),
            lit(REASON_ITEM_TO_ITEM))
        .otherwise(lit(REASON_ALS));
  }

  /** Keeps the best {@code n} per person, ranked by score (ties by product id). */
  public static Dataset<Row> topN(Dataset<Row> candidates, int n) {
    return PersonLists.top(candidates, n);
  }

  /** Trending candidates for every fallback person (persons × the trending list). */
  public static Dataset<Row> trendingFor(Dataset<Row> persons, Dataset<Row> trending) {
    return persons.crossJoin(
        org.apache.spark.sql.functions.broadcast(
            trending.select(col("product_id"), col("score").cast("float").as("score"))));
  }
}
