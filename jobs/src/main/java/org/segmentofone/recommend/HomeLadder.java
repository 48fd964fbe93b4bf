package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The home placement's fallback ladder, by the person's number of product events: at least {@code
 * min-events} (and consent) → the model; 1 to {@code min-events} − 1, or unknown to the model →
 * products similar to what they touched, then trending in their top category; none, or no consent →
 * trending. Every tier is a rule candidate ({@link Rules}); trending fills any list the rules left
 * short.
 */
public final class HomeLadder {
  public static final String RUNG_MODEL = "model";
  public static final String RUNG_SIMILAR = "similar";
  public static final String RUNG_TRENDING = "trending";
  public static final String SOURCE_SIMILAR = "similar";
  public static final String SOURCE_CATEGORY = "category-trending";
  public static final String SOURCE_TRENDING = "trending";
  public static final String REASON_NO_CONSENT = "trending:no_consent";
  public static final String REASON_NO_HISTORY = "trending:no_history";
  public static final String REASON_FILL = "trending:fill";
  static final int PRIORITY_FIRST = 1;
  static final int PRIORITY_CATEGORY = 2;
  static final int PRIORITY_TRENDING = 3;

  private HomeLadder() {}

  /**
   * Each person's rung. Columns {@code person_id, rung, top_category, reason} (the reason of a
   * trending-only person).
   */
  public static Dataset<Row> rungs(Dataset<Row> profiles, int minEvents) {
    Column consent = col("consent");
    Column events = col("product_events");
    return profiles.select(
        col("person_id"),
        when(consent.and(events.geq(minEvents)), lit(RUNG_MODEL))
            .when(consent.and(events.geq(1)), lit(RUNG_SIMILAR))
            .otherwise(lit(RUNG_TRENDING))
            .as("rung"),
        when(size(col("top_categories")).gt(0), element_at(col("top_categories"), 1))
            .as("top_category"),
        when(consent.unary_$bang(), lit(REASON_NO_CONSENT))
            .otherwise(lit(REASON_NO_HISTORY))
            .as("reason"));
  }

  /** Model-rung persons the model has no candidates for go one rung down, to similar items. */
  public static Dataset<Row> demote(Dataset<Row> rungs, Dataset<Row> modelCandidates) {
    Dataset<Row> served =
        modelCandidates.select("person_id").distinct().withColumn("_served", lit(true));
    return rungs
        .join(served, "person_id", "left")
        .withColumn(
            "rung",
            when(col("rung").equalTo(RUNG_MODEL).and(col("_served").isNull()), lit(RUNG_SIMILAR))
                .otherwise(col("rung")))
        .drop("_served");
  }

  /**
   * How the person touched a product, for reasons: {@code bought}, {@code carted}, {@code viewed}.
   */
  static Column verb() {
    return when(col("purchases").gt(0), lit("bought"))
        .when(col("carts").gt(0), lit("carted"))
        .otherwise(lit("viewed"));
  }

  /**
   * Products similar to what each person touched: Σ confidence × similarity over their touched
   * products, the products they touched themselves left out; the reason names the touched product
   * that contributes most ({@code viewed:<product_id>}).
   *
   * @param persons {@code person_id}
   * @param interactions {@code person_id, product_id, confidence, purchases, carts}
   * @param similar {@code anchor_id, product_id, score}
   */
  public static Dataset<Row> similar(
      Dataset<Row> persons, Dataset<Row> interactions, Dataset<Row> similar) {
    Dataset<Row> touched =
        interactions
            .join(persons.select("person_id"), "person_id")
            .select(
                col("person_id"),
                col("product_id").as("anchor_id"),
                col("confidence"),
                concat(verb(), lit(":"), col("product_id")).as("why"));
    Dataset<Row> scored =
        touched
            .join(similar.select("anchor_id", "product_id", "score"), "anchor_id")
            .withColumn("part", col("confidence").multiply(col("score")))
            .groupBy("person_id", "product_id")
            .agg(
                sum("part").as("score"),
                max_by(col("why"), struct(col("part"), col("anchor_id"))).as("reason"));
    return scored
        .join(
            touched.select(col("person_id"), col("anchor_id").as("product_id")),
            new String[] {"person_id", "product_id"},
            "left_anti")
        .select(
            col("person_id"),
            col("product_id"),
            col("score"),
            lit(PRIORITY_FIRST).as("priority"),
            lit(SOURCE_SIMILAR).as("source"),
            col("reason"));
  }

  /**
   * Trending in each person's top category (persons without one get nothing here).
   *
   * @param persons {@code person_id, top_category}
   * @param trending the {@code trending} table's lists: {@code scope, product_id, score, rank}
   */
  public static Dataset<Row> categoryTrending(Dataset<Row> persons, Dataset<Row> trending) {
    Dataset<Row> lists =
        trending
            .where(col("scope").startsWith(Trending.CATEGORY_SCOPE))
            .where(col("source").notEqual(Rules.SOURCE_PINNED))
            .select(col("scope"), col("product_id"), col("score"));
    return persons
        .where(col("top_category").isNotNull())
        .withColumn("scope", concat(lit(Trending.CATEGORY_SCOPE), col("top_category")))
        .join(broadcast(lists), "scope")
        .select(
            col("person_id"),
            col("product_id"),
            col("score"),
            lit(PRIORITY_CATEGORY).as("priority"),
            lit(SOURCE_CATEGORY).as("source"),
            concat(lit("category:"), col("top_category")).as("reason"));
  }

  /**
   * Overall trending behind everyone's list: the whole list for trending-rung persons (their reason
   * says why), the first {@code fillDepth} products for the others, so a list the rules thinned
   * still fills up.
   *
   * @param persons {@code person_id, rung, reason}
   */
  public static Dataset<Row> trending(Dataset<Row> persons, Dataset<Row> trending, int fillDepth) {
    Dataset<Row> list =
        trending
            .where(col("scope").equalTo(Trending.ALL))
            .where(col("source").notEqual(Rules.SOURCE_PINNED))
            // Ranked again without the pins (the rules add them back to every list).
            .withColumn("trending_rank", row_number().over(Window.orderBy("rank")))
            .select(col("product_id"), col("score"), col("trending_rank"));
    Column onlyTrending = col("rung").equalTo(RUNG_TRENDING);
    return persons
        .crossJoin(broadcast(list))
        .where(onlyTrending.or(col("trending_rank").leq(fillDepth)))
        .select(
            col("person_id"),
            col("product_id"),
            col("score"),
            lit(PRIORITY_TRENDING).as("priority"),
            lit(SOURCE_TRENDING).as("source"),
            when(onlyTrending, col("reason")).otherwise(lit(REASON_FILL)).as("reason"));
  }
}
