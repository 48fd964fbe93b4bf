package org.segmentofone.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.train.TrainConfig;
import org.segmentofone.train.TrainTransforms;

/**
 * Spark ALS against the hardware (bench/als): the seconds one ALS iteration takes on a nightly's
 * real interactions, next to the arithmetic floor of that iteration at the GFLOP/s a plain Java
 * float matrix product reaches on this machine, measured in the same JVM.
 *
 * <p>Per iteration ALS forms and solves one k×k normal equation per user and per item: about
 * 2·nnz·k² flops to accumulate them (a rank-1 update per rating, on each side) and (users +
 * items)·k³/3 to solve them (Cholesky). Seconds per iteration are the difference between two fits
 * of {@code short} and {@code long} iterations divided by their difference, so the fixed costs
 * (blocking the ratings, the final factors) cancel out.
 *
 * <p>Args: warehouse work-dir rank short-iterations long-iterations [key=value config overrides].
 */
public final class AlsBench {
  private AlsBench() {}

  public static void main(String[] args) throws Exception {
    String warehouse = args[0];
    String work = args[1];
    int rank = Integer.parseInt(args[2]);
    int shortIters = Integer.parseInt(args[3]);
    int longIters = Integer.parseInt(args[4]);
    BenchSession bench = BenchSession.start("als-bench", work, args, 5);
    SparkSession spark = bench.spark();
    try {
      int cores = spark.sparkContext().defaultParallelism();
      TrainConfig cfg = bench.config().train().withBlocks(cores);
      Dataset<Row> ratings =
          TrainTransforms.ratings(
                  spark.read().format("delta").load(warehouse + "/interactions"),
                  spark.read().format("delta").load(warehouse + "/person_index"),
                  spark.read().format("delta").load(warehouse + "/product_index"),
                  cfg)
              .persist(StorageLevel.MEMORY_AND_DISK());
      Row shape =
          ratings
              .agg(
                  org.apache.spark.sql.functions.count("*"),
                  countDistinct(col(TrainTransforms.USER)),
                  countDistinct(col(TrainTransforms.ITEM)))
              .head();
      long nnz = shape.getLong(0);
      long users = shape.getLong(1);
      long items = shape.getLong(2);

      double shortSeconds = fit(ratings, cfg, rank, shortIters);
      double longSeconds = fit(ratings, cfg, rank, longIters);
      double perIteration = (longSeconds - shortSeconds) / (longIters - shortIters);

      double oneCore = matmulGflops(1);
      double allCores = matmulGflops(cores);
      double k = rank;
      double flops = 2.0 * nnz * k * k + (users + items) * k * k * k / 3.0;
      double floor = flops / (allCores * 1e9);

      System.out.printf(
          "| ratings (nnz) | users | items | rank | blocks | ALS s/iteration | fits (%d, %d"
              + " iterations) s | GFLOP per iteration | Java float matmul GFLOP/s (1 core / %d)"
              + " | floor s/iteration | ALS / floor |%n",
          shortIters, longIters, cores);
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      System.out.printf(
          "| %,d | %,d | %,d | %d | %d | %.2f | %.1f, %.1f | %.1f | %.2f / %.2f | %.3f | %.1f |%n",
          nnz,
          users,
          items,
          rank,
          cfg.numBlocks(),
          perIteration,
          shortSeconds,
          longSeconds,
          flops / 1e9,
          oneCore,
          allCores,
          floor,
          perIteration / floor);
    } finally {
      spark.stop();
    }
  }

  /** Seconds to fit ALS with {@code iterations}, both factor tables materialised. */
  private static double fit(Dataset<Row> ratings, TrainConfig cfg, int rank, int iterations) {
    long start = System.nanoTime();
    ALSModel model = TrainTransforms.als(cfg).setRank(rank).setMaxIter(iterations).fit(ratings);
    model.userFactors().write().format("noop").mode("overwrite").save();
    model.itemFactors().write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * GFLOP/s of a plain Java float matrix product (i-k-j loops over row-major arrays, which the JIT
   * vectorises), n = 1024, run on {@code threads} threads at once, each on its own matrices; warmed
   * up by three rounds, best of the next five.
   */
  static double matmulGflops(int threads) throws Exception {
    int n = 1024;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double best = 0;
      for (int round = 0; round < 8; round++) {
        CountDownLatch ready = new CountDownLatch(threads);
        Future<?>[] done = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
          int seed = t;
          done[t] =
              pool.submit(
                  () -> {
                    float[] a = matrix(n, seed);
                    float[] b = matrix(n, seed + 100);
                    float[] c = new float[n * n];
                    ready.countDown();
                    ready.await();
                    multiply(a, b, c, n);
                    return c[n * n - 1];
                  });
        }
        ready.await();
        long start = System.nanoTime();
        for (Future<?> f : done) {
          f.get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (round >= 3) {
          best = Math.max(best, threads * 2.0 * n * n * n / seconds / 1e9);
        }
      }
      return best;
    } finally {
      pool.shutdownNow();
    }
  }

  static void multiply(float[] a, float[] b, float[] c, int n) {
    for (int i = 0; i < n; i++) {
      int row = i * n;
      for (int p = 0; p < n; p++) {
        float x = a[row + p];
        int brow = p * n;
        for (int j = 0; j < n; j++) {
          c[row + j] += x * b[brow + j];
        }
      }
    }
  }

  private static float[] matrix(int n, int seed) {
    java.util.Random random = new java.util.Random(seed);
    float[] m = new float[n * n];
    for (int i = 0; i < m.length; i++) {
      m[i] = random.nextFloat();
    }
    return m;
  }
}
