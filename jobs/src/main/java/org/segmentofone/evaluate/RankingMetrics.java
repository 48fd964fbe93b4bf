package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Top-K ranking metrics of recommendation lists against held-out items, averaged over the test
 * persons (every person with at least one held-out item; a person with no list scores 0), with
 * binary relevance and the definitions of Spark's {@code RankingMetrics} (precision@K divides by K,
 * recall@K by the held-out items, NDCG@K against the ideal list of min(K, held-out) hits, MAP@K
 * divides by min(K, held-out items)), plus hit rate, MRR and catalog coverage. Every metric is a
 * column of built-in array functions over one row per person, so all metrics at all K are one
 * aggregation (one Spark job, and one more for coverage) instead of a job per metric and K; a test
 * checks the figures against Spark's {@code RankingEvaluator}. Nothing is collected but the values.
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

  /** The per-person metrics averaged by {@link #evaluate}, in {@link #ALL}'s order. */
  private static final List<String> PER_PERSON = ALL.subList(0, ALL.size() - 1);

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
    List<Column> means = new ArrayList<>();
    List<Column> covered = new ArrayList<>();
    for (int k : ks) {
      for (String metric : PER_PERSON) {
        means.add(coalesce(avg(perPerson(metric, k)), lit(0.0)));
      }
      covered.add(countDistinct(when(col("rank").leq(k), col("product_id"))));
    }
    // Both aggregations read the lists: computed once here unless the caller already cached them
    // (an uncached baseline's lists cost as much as the metrics themselves).
    boolean cacheHere = recommended.storageLevel().equals(StorageLevel.NONE());
    Dataset<Row> lists =
        cacheHere ? recommended.persist(StorageLevel.MEMORY_AND_DISK()) : recommended;
    Row mean;
    Row cover;
    try {
      mean = oneRow(lists(lists, heldOut), means);
      cover = oneRow(lists, covered);
    } finally {
      if (cacheHere) {
        lists.unpersist();
      }
    }
    List<Row> out = new ArrayList<>();
    int m = 0;
    for (int i = 0; i < ks.size(); i++) {
      int k = ks.get(i);
      for (String metric : PER_PERSON) {
        out.add(RowFactory.create(metric, k, mean.getDouble(m++)));
      }
      double coverage = catalogSize == 0 ? 0.0 : (double) cover.getLong(i) / catalogSize;
      out.add(RowFactory.create(COVERAGE, k, coverage));
    }
    return recommended.sparkSession().createDataFrame(out, RESULT);
  }

  /** NDCG@K alone (the hyper-parameter searches' score), averaged like {@link #evaluate}. */
  public static double ndcg(Dataset<Row> recommended, Dataset<Row> heldOut, int k) {
    return oneRow(lists(recommended, heldOut), List.of(coalesce(avg(perPerson(NDCG, k)), lit(0.0))))
        .getDouble(0);
  }

  /**
   * One row per test person: {@code prediction} (its listed product ids, best first; empty when it
   * has none) and {@code label} (its held-out product ids, distinct).
   */
  static Dataset<Row> lists(Dataset<Row> recommended, Dataset<Row> heldOut) {
    Dataset<Row> labels = heldOut.groupBy("person_id").agg(collect_set("product_id").as("label"));
    Dataset<Row> predictions =
        recommended
            .groupBy("person_id")
            .agg(sort_array(collect_list(struct(col("rank"), col("product_id")))).as("ranked"))
            .select(
                col("person_id"), transform(col("ranked"), r -> r.getField("product_id")).as("p"));
    return labels
        .join(predictions, new String[] {"person_id"}, "left")
        .select(
            col("person_id"),
            coalesce(col("p"), array().cast("array<string>")).as("prediction"),
            col("label"));
  }

  /** One person's metric at K, over {@link #lists}' columns. */
  static Column perPerson(String metric, int k) {
    Column heldOut = size(col("label"));
    return switch (metric) {
      case PRECISION -> sum(relevance(k)).divide((double) k);
      case RECALL -> when(heldOut.gt(0), sum(relevance(k)).divide(heldOut)).otherwise(lit(0.0));
      case NDCG -> {
        // Binary gains discounted by ln(rank + 1), against the ideal list: min(K, held-out) hits.
        Column dcg = sum(transform(relevance(k), (r, i) -> r.divide(log(i.plus(2)))));
        Column ideal =
            sum(transform(slice(col("label"), 1, k), (x, i) -> lit(1.0).divide(log(i.plus(2)))));
        yield when(ideal.gt(0), dcg.divide(ideal)).otherwise(lit(0.0));
      }
      case MAP -> {
        // Precision at each hit's rank (hits so far / rank), summed, over min(K, held-out).
        Column rel = relevance(k);
        Column atHits =
            transform(
                rel, (r, i) -> r.multiply(sum(slice(rel, lit(1), i.plus(1)))).divide(i.plus(1)));
        yield when(heldOut.gt(0), sum(atHits).divide(least(heldOut, lit(k)))).otherwise(lit(0.0));
      }
      case HIT_RATE -> when(sum(relevance(k)).gt(0), lit(1.0)).otherwise(lit(0.0));
      case MRR -> reciprocalRank(k);
      default -> throw new IllegalArgumentException("not a per-person metric: " + metric);
    };
  }

  private static Row oneRow(Dataset<Row> rows, List<Column> columns) {
    return rows.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new))
        .head();
  }

  private static Column top(int k) {
    return slice(col("prediction"), 1, k);
  }

  /** 1.0 at each of the top K positions whose product was held out, else 0.0. */
  private static Column relevance(int k) {
    return transform(
        top(k), item -> when(array_contains(col("label"), item), lit(1.0)).otherwise(lit(0.0)));
  }

  private static Column sum(Column doubles) {
    return aggregate(doubles, lit(0.0), (acc, x) -> acc.plus(x));
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
}
