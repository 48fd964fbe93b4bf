package org.segmentofone.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Per-person top lists, ranked the same way everywhere (the evaluation scores what is served). */
public final class PersonLists {
  private PersonLists() {}

  /**
   * Adds {@code rank} (1 = best) per person by {@code score} descending, ties by product id, and
   * keeps the best {@code n}.
   */
  public static Dataset<Row> top(Dataset<Row> candidates, int n) {
    return candidates
        .withColumn(
            "rank",
            row_number()
                .over(
                    Window.partitionBy("person_id")
                        .orderBy(col("score").desc(), col("product_id"))))
        .where(col("rank").leq(n));
  }
}
