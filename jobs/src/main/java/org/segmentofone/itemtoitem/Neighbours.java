package org.segmentofone.itemtoitem;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A model's neighbour table ({@code product_id, neighbour_id, similarity, rank}): built from
 * interactions, saved as Delta beside the ALS model, read back by evaluate and recommend.
 */
public final class Neighbours {
  private Neighbours() {}

  /** Each product's neighbours by the similarity, from the interactions' co-occurrence. */
  public static Dataset<Row> build(
      Dataset<Row> interactions, HybridConfig cfg, Similarity similarity) {
    return ItemToItem.neighbours(
        ItemToItem.coOccurrence(
            ItemToItem.histories(interactions, cfg.historyCap()), cfg.minCoOccurrence()),
        similarity,
        cfg.neighbours());
  }

  /** Writes the table to {@code path} (replacing what is there); returns its rows. */
  public static long save(Dataset<Row> neighbours, String path) {
    neighbours.write().format("delta").mode("overwrite").save(path);
    return load(neighbours.sparkSession(), path).count();
  }

  public static Dataset<Row> load(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }
}
