package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.itemtoitem.Hybrid;
import org.segmentofone.train.FactorScoring;

/**
 * The product page's "similar" candidates: the nearest products by cosine of the ALS item factors
 * (blocked matrix products, never an item × item table), blended with the item-to-item neighbours
 * that co-views, carts and purchases produced (train's neighbour table).
 */
public final class SimilarProducts {
  public static final String SOURCE = "similar";
  public static final String REASON_CO_VIEWS = "similar:co_views";
  public static final String REASON_FACTORS = "similar:factors";

  private SimilarProducts() {}

  /**
   * Each product's {@code k} nearest other products by cosine of the item factors. Columns {@code
   * anchor_id, product_id, similarity}.
   */
  public static Dataset<Row> byFactors(ALSModel model, Dataset<Row> productIndex, int k) {
    Dataset<Row> unit = unitFactors(model.itemFactors());
    // Unit vectors on both sides: the blocked top-k by dot product is a top-k by cosine.
    Dataset<Row> names = productIndex.select(col("idx"), col("product_id"));
    return FactorScoring.top(unit, unit, model.rank(), k + 1)
        .select(col("query").as("user"), col("target").as("item"), col("score").as("similarity"))
        .where(col("user").notEqual(col("item")))
        .join(
            names.withColumnRenamed("idx", "user").withColumnRenamed("product_id", "anchor_id"),
            "user")
        .join(names.withColumnRenamed("idx", "item"), "item")
        .select(
            col("anchor_id"), col("product_id"), col("similarity").cast("double").as("similarity"));
  }

  /** Factors scaled to length 1 (a zero vector stays zero). Columns {@code id, features}. */
  public static Dataset<Row> unitFactors(Dataset<Row> factors) {
    return factors.select(
        col("id"),
        expr("transform(features, x -> cast(x / greatest(sqrt(aggregate(features, 0D,"
                + " (acc, y) -> acc + y * y)), 1e-12) as float))")
            .as("features"));
  }

  /**
   * The blend of both parts per anchor product, each scaled to [0, 1] over the anchor's own
   * candidates: (1 − w) × factors + w × co-views.
   *
   * @param byFactors {@code anchor_id, product_id, similarity}
   * @param neighbours train's {@code product_id, neighbour_id, similarity}
   * @return {@code anchor_id, product_id, score, factor_part, co_view_part}
   */
  public static Dataset<Row> blend(
      Dataset<Row> byFactors, Dataset<Row> neighbours, double coViewWeight) {
    Dataset<Row> coViews =
        neighbours.select(
            col("product_id").as("anchor_id"),
            col("neighbour_id").as("product_id"),
            col("similarity").as("score"));
    return Hybrid.blend(
            "anchor_id",
            byFactors.select(col("anchor_id"), col("product_id"), col("similarity").as("score")),
            coViews,
            coViewWeight)
        .withColumnRenamed(Hybrid.ALS_PART, "factor_part")
        .withColumnRenamed(Hybrid.ITEM_PART, "co_view_part");
  }

  /**
   * Blended candidates as rule candidates of the product page (key {@code anchor_id}); the reason
   * names the part that weighs more: {@code similar:co_views} or {@code similar:factors}.
   */
  public static Dataset<Row> candidates(Dataset<Row> blended, double coViewWeight) {
    return blended.select(
        col("anchor_id"),
        col("product_id"),
        col("score"),
        lit(1).as("priority"),
        lit(SOURCE).as("source"),
        when(
                col("co_view_part")
                    .multiply(coViewWeight)
                    .gt(col("factor_part").multiply(1 - coViewWeight)),
                lit(REASON_CO_VIEWS))
            .otherwise(lit(REASON_FACTORS))
            .as("reason"));
  }
}
