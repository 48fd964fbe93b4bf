package org.segmentofone.itemtoitem;

import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.PersonLists;
import org.segmentofone.train.AlsScoring;

/**
 * Lists of one trained model for any persons: ALS alone, item-to-item alone, and their blend as
 * served. Each returns {@code person_id, product_id, score, rank}, at most k per person, the
 * person's exclusions left out.
 *
 * @param neighbours {@code product_id, neighbour_id, similarity}
 * @param interactions {@code person_id, product_id, confidence, last_event_time}: the affinities
 * @param candidates candidates of each part that are blended
 */
public record HybridLists(
    ALSModel model,
    Dataset<Row> personIndex,
    Dataset<Row> productIndex,
    Dataset<Row> neighbours,
    Dataset<Row> interactions,
    HybridParams params,
    int candidates) {

  /**
   * A {@code model_runs} row's model: the holdout one (trained before the evaluation cutoff) or the
   * served one. A version trained before the hybrid existed has no neighbours: ALS alone.
   */
  public static HybridLists of(
      SparkSession spark,
      Row run,
      boolean holdout,
      Dataset<Row> interactions,
      Dataset<Row> personIndex,
      Dataset<Row> productIndex,
      int candidates) {
    ALSModel model = ALSModel.load(string(run, holdout ? "holdout_path" : "path"));
    String neighbours = string(run, holdout ? "holdout_neighbours_path" : "neighbours_path");
    String similarity = string(run, "similarity");
    if (neighbours == null || similarity == null) {
      return new HybridLists(
          model,
          personIndex,
          productIndex,
          Neighbours.empty(spark),
          interactions,
          new HybridParams(new Similarity(Similarity.COSINE, 0.5), 0, 0),
          candidates);
    }
    HybridParams params =
        new HybridParams(
            Similarity.parse("model_runs.similarity", similarity),
            run.getDouble(run.fieldIndex("recency_half_life_days")),
            run.getDouble(run.fieldIndex("blend_weight")));
    return new HybridLists(
        model,
        personIndex,
        productIndex,
        Neighbours.load(spark, neighbours),
        interactions,
        params,
        candidates);
  }

  private static String string(Row run, String column) {
    int i = List.of(run.schema().fieldNames()).indexOf(column);
    return i < 0 || run.isNullAt(i) ? null : run.getString(i);
  }

  public Dataset<Row> als(Dataset<Row> persons, Dataset<Row> exclude, int k) {
    return AlsScoring.topK(model, persons, personIndex, productIndex, exclude, k);
  }

  public Dataset<Row> itemToItem(Dataset<Row> persons, Dataset<Row> exclude, int k) {
    return ItemToItem.topK(
        ItemToItem.affinity(interactions, params.recencyHalfLifeDays()),
        neighbours,
        persons,
        exclude,
        k);
  }

  /** The blend of both parts' {@code max(k, candidates)} best, uncut. */
  public Dataset<Row> candidates(Dataset<Row> persons, Dataset<Row> exclude, int k) {
    int n = Math.max(k, candidates);
    return Hybrid.blend(
        als(persons, exclude, n).select("person_id", "product_id", "score"),
        itemToItem(persons, exclude, n).select("person_id", "product_id", "score"),
        params.blendWeight());
  }

  public Dataset<Row> hybrid(Dataset<Row> persons, Dataset<Row> exclude, int k) {
    return PersonLists.top(candidates(persons, exclude, k), k)
        .select("person_id", "product_id", "score", "rank");
  }
}
