package org.segmentofone.itemtoitem;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The hybrid of two candidate lists: each list's scores scaled to [0, 1] per person (min–max over
 * that person's candidates: ALS scores and item-to-item sums live on unrelated scales), then mixed
 * as (1 − w) × ALS + w × item-to-item. A candidate only one list has counts 0 in the other, i.e. as
 * low as that list's weakest candidate.
 */
public final class Hybrid {
  public static final String ALS_PART = "als_part";
  public static final String ITEM_PART = "item_part";

  private Hybrid() {}

  /**
   * @param als {@code person_id, product_id, score}
   * @param itemToItem {@code person_id, product_id, score}
   * @param weight w in [0, 1]: 0 = ALS alone, 1 = item-to-item alone
   * @return {@code person_id, product_id, score, als_part, item_part}: every candidate of either
   *     list, uncut (merchandising rules run before the cut)
   */
  public static Dataset<Row> blend(Dataset<Row> als, Dataset<Row> itemToItem, double weight) {
    return blend("person_id", als, itemToItem, weight);
  }

  /** The same blend of lists keyed by {@code key} (a person, or an anchor product). */
  public static Dataset<Row> blend(
      String key, Dataset<Row> als, Dataset<Row> itemToItem, double weight) {
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("blend weight must be in [0, 1], got " + weight);
    }
    Column a = coalesce(col(ALS_PART), lit(0.0));
    Column b = coalesce(col(ITEM_PART), lit(0.0));
    return normalised(key, als, ALS_PART)
        .join(
            normalised(key, itemToItem, ITEM_PART), new String[] {key, "product_id"}, "full_outer")
        .select(
            col(key),
            col("product_id"),
            a.multiply(1 - weight).plus(b.multiply(weight)).as("score"),
            a.as(ALS_PART),
            b.as(ITEM_PART));
  }

  /** Scores scaled to [0, 1] per key; a person's only (or all-equal) candidates get 1. */
  static Dataset<Row> normalised(String key, Dataset<Row> lists, String as) {
    WindowSpec person = Window.partitionBy(key);
    Column lo = min("score").over(person);
    Column hi = max("score").over(person);
    return lists.select(
        col(key),
        col("product_id"),
        when(hi.equalTo(lo), lit(1.0))
            .otherwise(col("score").minus(lo).divide(hi.minus(lo)))
            .as(as));
  }
}
