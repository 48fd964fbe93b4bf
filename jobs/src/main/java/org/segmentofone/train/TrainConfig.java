package org.segmentofone.train;

import java.util.List;
import org.segmentofone.common.ConfigReader;

/** ALS hyper-parameters and their search (config section {@code train}). */
public record TrainConfig(
    int rank,
    double regParam,
    double alpha,
    int maxIter,
    long seed,
    int numBlocks,
    int checkpointInterval,
    boolean logScale,
    double logEpsilon,
    Tuning tuning) {

  /**
   * The hyper-parameter search: {@code trials} candidates drawn (seeded, without repeats) from the
   * grid, besides the configured values; each trained with {@code maxIter} iterations on the data
   * before the validation window and scored by NDCG@k on what persons carted or bought in it. A
   * search runs at most every {@code everyDays} days, 0 = on every run ({@link TuningSchedule}).
   */
  public record Tuning(
      int trials,
      List<Integer> ranks,
      List<Double> regParams,
      List<Double> alphas,
      List<Boolean> logScale,
      int maxIter,
      int validationDays,
      int k,
      long seed,
      int everyDays) {

    public static Tuning from(ConfigReader c) {
      return new Tuning(
          c.intAtLeast("trials", 0),
          c.ints("ranks", 1),
          c.positives("reg-params"),
          c.positives("alphas"),
          c.bools("log-scale"),
          c.intAtLeast("max-iter", 1),
          c.intAtLeast("validation-days", 1),
          c.intAtLeast("k", 1),
          c.longAtLeast("seed", Long.MIN_VALUE),
          c.intAtLeast("every-days", 0));
    }

    /** The number of distinct candidates the grid holds. */
    public int gridSize() {
      return ranks.size() * regParams.size() * alphas.size() * logScale.size();
    }
  }

  public static TrainConfig from(ConfigReader c) {
    return new TrainConfig(
        c.intAtLeast("rank", 1),
        c.positive("reg-param"),
        c.positive("alpha"),
        c.intAtLeast("max-iter", 1),
        c.longAtLeast("seed", Long.MIN_VALUE),
        c.intAtLeast("num-blocks", 0),
        c.intAtLeast("checkpoint-interval", 1),
        c.bool("log-scale"),
        c.positive("log-epsilon"),
        Tuning.from(c.section("tuning")));
  }

  /** The configured values as a candidate. */
  public AlsParams params() {
    return new AlsParams(rank, regParam, alpha, logScale);
  }

  /** This config with a candidate's values. */
  public TrainConfig with(AlsParams p) {
    return new TrainConfig(
        p.rank(),
        p.regParam(),
        p.alpha(),
        maxIter,
        seed,
        numBlocks,
        checkpointInterval,
        p.logScale(),
        logEpsilon,
        tuning);
  }

  /**
   * This config with {@code num-blocks} resolved: 0 becomes the cluster's default parallelism (one
   * block per core; Spark's own default of 10 only adds tasks on a small machine).
   */
  public TrainConfig withBlocks(int defaultParallelism) {
    if (numBlocks > 0) {
      return this;
    }
    return new TrainConfig(
        rank,
        regParam,
        alpha,
        maxIter,
        seed,
        Math.max(1, defaultParallelism),
        checkpointInterval,
        logScale,
        logEpsilon,
        tuning);
  }

  /** This config with another number of iterations (the search trains shorter). */
  public TrainConfig withMaxIter(int iterations) {
    return new TrainConfig(
        rank,
        regParam,
        alpha,
        iterations,
        seed,
        numBlocks,
        checkpointInterval,
        logScale,
        logEpsilon,
        tuning);
  }
}
