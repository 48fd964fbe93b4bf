package org.segmentofone.train;

import org.segmentofone.common.ConfigReader;

/** ALS hyper-parameters (config section {@code train}). */
public record TrainConfig(
    int rank,
    double regParam,
    double alpha,
    int maxIter,
    long seed,
    int numBlocks,
    int checkpointInterval,
    boolean logScale,
    double logEpsilon) {

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
        c.positive("log-epsilon"));
  }
}
