package org.segmentofone.itemtoitem;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A model's neighbour table ({@code product_id, neighbour_id, similarity, rank, scoring}): built
 * from interactions, saved as Delta beside the ALS model, read back by evaluate and recommend.
 */
public final class Neighbours {
  static final StructType SCHEMA =
      new StructType()
          .add("product_id", DataTypes.StringType)
          .add("neighbour_id", DataTypes.StringType)
          .add("similarity", DataTypes.DoubleType)
          .add("rank", DataTypes.IntegerType)
          .add(ItemToItem.SCORING, DataTypes.BooleanType);

  private Neighbours() {}

  /** Each product's neighbours by the similarity, from the interactions' co-occurrence. */
  public static Dataset<Row> build(
      Dataset<Row> interactions, HybridConfig cfg, Similarity similarity) {
    return ItemToItem.neighbours(
        ItemToItem.histories(interactions, cfg.historyCap()),
        cfg.minCoOccurrence(),
        similarity,
        cfg.neighbours(),
        cfg.fanOut());
  }

  /** Writes the table to {@code path}, replacing what is there. */
  public static void save(Dataset<Row> neighbours, String path) {
    neighbours.write().format("delta").mode("overwrite").save(path);
  }

  /** An empty table (a model trained before the hybrid existed has none). */
  public static Dataset<Row> empty(SparkSession spark) {
    return spark.createDataFrame(List.of(), SCHEMA);
  }

  public static Dataset<Row> load(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }
}
