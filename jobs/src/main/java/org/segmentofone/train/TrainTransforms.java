package org.segmentofone.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.log1p;

import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Pure parts of train: the rating each (person, product) gets, and the configured ALS. */
public final class TrainTransforms {
  public static final String USER = "user";
  public static final String ITEM = "item";
  public static final String RATING = "rating";

  private TrainTransforms() {}

  /** ALS input (user int, item int, rating float) from interactions and the two index tables. */
  public static Dataset<Row> ratings(
      Dataset<Row> interactions,
      Dataset<Row> personIndex,
      Dataset<Row> productIndex,
      TrainConfig cfg) {
    return ratings(indexed(interactions, personIndex, productIndex), cfg);
  }

  /** Interactions as (user int, item int, confidence): the part every candidate shares. */
  public static Dataset<Row> indexed(
      Dataset<Row> interactions, Dataset<Row> personIndex, Dataset<Row> productIndex) {
    return interactions
        .join(personIndex.withColumnRenamed("idx", USER), "person_id")
        .join(productIndex.withColumnRenamed("idx", ITEM), "product_id")
        .select(col(USER), col(ITEM), col("confidence"));
  }

  /** ALS input from indexed confidences: log-scaled ({@code log1p(c / epsilon)}) or raw. */
  public static Dataset<Row> ratings(Dataset<Row> indexed, TrainConfig cfg) {
    Column confidence = col("confidence");
    Column rating = cfg.logScale() ? log1p(confidence.divide(cfg.logEpsilon())) : confidence;
    return indexed.select(col(USER), col(ITEM), rating.cast("float").as(RATING));
  }

  /**
   * Implicit-feedback ALS with every knob from config; seeded, so a rerun trains the same model.
   */
  public static ALS als(TrainConfig cfg) {
    if (cfg.numBlocks() < 1) {
      throw new IllegalArgumentException("resolve num-blocks first (TrainConfig.withBlocks)");
    }
    ALS als =
        new ALS()
            .setImplicitPrefs(true)
            .setRank(cfg.rank())
            .setRegParam(cfg.regParam())
            .setAlpha(cfg.alpha())
            .setMaxIter(cfg.maxIter())
            .setSeed(cfg.seed())
            .setCheckpointInterval(cfg.checkpointInterval())
            .setUserCol(USER)
            .setItemCol(ITEM)
            .setRatingCol(RATING)
            .setNonnegative(false)
            .setColdStartStrategy("drop");
    return als.setNumUserBlocks(cfg.numBlocks()).setNumItemBlocks(cfg.numBlocks());
  }
}
