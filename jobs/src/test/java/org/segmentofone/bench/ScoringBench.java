package org.segmentofone.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.randn;

import java.util.stream.IntStream;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.train.FactorScoring;

/**
 * Top-k by factor dot products for N users over M items (bench/scoring): Spark's {@code
 * recommendForUserSubset} at two block sizes against the blocked {@link FactorScoring} at several
 * block and tile sizes, in one run on the same random factors, each timed to its last row.
 *
 * <p>Args: work-dir users items rank k.
 */
public final class ScoringBench {
  private ScoringBench() {}

  public static void main(String[] args) {
    String work = args[0];
    long users = Long.parseLong(args[1]);
    long items = Long.parseLong(args[2]);
    int rank = Integer.parseInt(args[3]);
    int k = Integer.parseInt(args[4]);
    BenchSession bench = BenchSession.start("scoring-bench", work, args, 5);
    SparkSession spark = bench.spark();
    try {
      spark
          .range(users)
          .select(col("id").cast("int").as("id"), vector(rank, 1).as("features"))
          .write()
          .mode("overwrite")
          .parquet(work + "/users");
      spark
          .range(items)
          .select(col("id").cast("int").as("id"), vector(rank, 1000).as("features"))
          .write()
          .mode("overwrite")
          .parquet(work + "/items");
      Dataset<Row> userFactors = spark.read().parquet(work + "/users");
      Dataset<Row> itemFactors = spark.read().parquet(work + "/items");
      Dataset<Row> subset = userFactors.select(col("id").as("user"));
      double flops = 2.0 * users * items * rank;
      System.out.printf(
          "| top-%d of %,d items for %,d users, rank %d | seconds | GFLOP/s |%n|---|---:|---:|%n",
          k, items, users, rank);
      for (int blockSize : new int[] {4096, 16384}) {
        ALSModel model =
            new ALSModel("bench", rank, userFactors, itemFactors)
                .setUserCol("user")
                .setItemCol("item");
        model.setBlockSize(blockSize);
        double s = time(model.recommendForUserSubset(subset, k));
        System.out.printf(
            "| Spark recommendForUserSubset, blockSize %d | %.1f | %.1f |%n",
            blockSize, s, flops / s / 1e9);
      }
      int[][] shapes = {{64, 4096}, {256, 4096}, {1024, 4096}, {256, 1024}, {256, 16384}};
      for (int[] shape : shapes) {
        double s = time(FactorScoring.top(userFactors, itemFactors, rank, k, shape[0], shape[1]));
        System.out.printf(
            "| FactorScoring, %d users × %d items per product | %.1f | %.1f |%n",
            shape[0], shape[1], s, flops / s / 1e9);
      }
    } finally {
      spark.stop();
    }
  }

  private static double time(Dataset<Row> result) {
    long start = System.nanoTime();
    result.write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - start) / 1e9;
  }

  private static Column vector(int rank, int seed) {
    return array(
        IntStream.range(0, rank)
            .mapToObj(i -> randn(seed + i).multiply(0.1).cast("float"))
            .toArray(Column[]::new));
  }
}
