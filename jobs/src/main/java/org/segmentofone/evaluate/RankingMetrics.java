package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.evaluation.RankingEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top-K ranking metrics of recommendation lists against held-out items, averaged over the test
 * persons (every person with at least one held-out item; a person with no list scores 0).
 * Precision, recall, NDCG and MAP come from Spark's {@link RankingEvaluator} (binary relevance;
 * MAP@K divides by min(K, held-out items)); hit rate, MRR and catalog coverage, which it lacks, are
 * computed here with built-in array functions. One row per person reaches each aggregate; nothing
 * is collected but the metric values.
 */
public final class RankingMetrics {
  public static final String PRECISION = "precision";
  public static final String RECALL = "recall";
  public static final String NDCG = "ndcg";
  public static final String MAP = "map";
  public static final String HIT_RATE = "hit_rate";
  public static final String MRR = "mrr";
  public static final String COVERAGE = "coverage";

  /** The metrics in the order they are reported. */
  public static final List<String> ALL =
      List.of(PRECISION, RECALL, NDCG, MAP, HIT_RATE, MRR, COVERAGE);

  /** Schema of {@link #evaluate}'s result. */
  public static final StructType RESULT =
      new StructType()
          .add("metric", DataTypes.StringType, false)
          .add("k", DataTypes.IntegerType, false)
          .add("value", DataTypes.DoubleType, false);

  private RankingMetrics() {}

  /**
   * @param recommended {@code person_id, product_id, rank} (1 = best), at least max(ks) deep
   * @param heldOut {@code person_id, product_id}: what each test person did after the cutoff
   * @param ks the cut-offs, e.g. 10 and 20
   * @param catalogSize products that could have been recommended (coverage's denominator)
   * @return {@code metric, k, value} for every metric of {@link #ALL} and every K
   */
  public static Dataset<Row> evaluate(
      Dataset<Row> recommended, Dataset<Row> heldOut, List<Integer> ks, long catalogSize) {
    SparkSession spark = recommended.sparkSession();
    Dataset<Row> lists = lists(recommended, heldOut).cache();
    try {
      List<Row> out = new ArrayList<>();
      for (int k : ks) {
        out.add(row(PRECISION, k, spark(lists, "precisionAtK", k)));
        out.add(row(RECALL, k, spark(lists, "recallAtK", k)));
        out.add(row(NDCG, k, spark(lists, "ndcgAtK", k)));
        out.add(row(MAP, k, spark(lists, "meanAveragePrecisionAtK", k)));
        Row own =
            lists
                .select(hits(k).gt(0).cast("double").as("hit"), reciprocalRank(k).as("rr"))
                .agg(avg("hit"), avg("rr"))
                .head();
        out.add(row(HIT_RATE, k, own.isNullAt(0) ? 0.0 : own.getDouble(0)));
        out.add(row(MRR, k, own.isNullAt(1) ? 0.0 : own.getDouble(1)));
        long covered =
            recommended
                .where(col("rank").leq(k))
                .agg(countDistinct("product_id"))
                .head()
                .getLong(0);
        out.add(row(COVERAGE, k, catalogSize == 0 ? 0.0 : (double) covered / catalogSize));
      }
      return spark.createDataFrame(out, RESULT);
    } finally {
      lists.unpersist();
    }
  }

  /** NDCG@K alone (the hyper-parameter search's score), averaged like {@link #evaluate}. */
  public static double ndcg(Dataset<Row> recommended, Dataset<Row> heldOut, int k) {
    return spark(lists(recommended, heldOut), "ndcgAtK", k);
  }

  /**
   * One row per test person: {@code prediction} (its list as item numbers, best first; empty when
   * it has none) and {@code label} (its held-out item numbers). Items are numbered by a dense rank
   * over the product ids (RankingEvaluator wants numbers).
   */
  static Dataset<Row> lists(Dataset<Row> recommended, Dataset<Row> heldOut) {
    Dataset<Row> items =
        recommended
            .select("product_id")
            .union(heldOut.select("product_id"))
            .distinct()
            .withColumn("item", dense_rank().over(Window.orderBy("product_id")).cast("double"));
    Dataset<Row> labels =
        heldOut.join(items, "product_id").groupBy("person_id").agg(collect_set("item").as("label"));
    Dataset<Row> predictions =
        recommended
            .join(items, "product_id")
            .groupBy("person_id")
            .agg(sort_array(collect_list(struct(col("rank"), col("item")))).as("ranked"))
            .select(col("person_id"), transform(col("ranked"), r -> r.getField("item")).as("p"));
    return labels
        .join(predictions, new String[] {"person_id"}, "left")
        .select(
            col("person_id"),
            coalesce(col("p"), array().cast("array<double>")).as("prediction"),
            col("label"));
  }

  private static double spark(Dataset<Row> lists, String metric, int k) {
    return new RankingEvaluator()
        .setMetricName(metric)
        .setK(k)
        .setPredictionCol("prediction")
        .setLabelCol("label")
        .evaluate(lists);
  }

  private static Column top(int k) {
    return slice(col("prediction"), 1, k);
  }

  private static Column hits(int k) {
    return size(array_intersect(top(k), col("label")));
  }

  /** 1 / the rank of the first held-out item within the top K, 0 without one. */
  private static Column reciprocalRank(int k) {
    Column positions =
        filter(
            transform(top(k), (item, i) -> when(array_contains(col("label"), item), i.plus(1))),
            p -> p.isNotNull());
    Column first = array_min(positions);
    return coalesce(lit(1.0).divide(first), lit(0.0));
  }

  private static Row row(String metric, int k, double value) {
    return RowFactory.create(metric, k, value);
  }
}
