package org.segmentofone.train;

/** The ALS settings the hyper-parameter search varies: one candidate. */
public record AlsParams(int rank, double regParam, double alpha, boolean logScale) {
  @Override
  public String toString() {
    return "rank=%d regParam=%s alpha=%s logScale=%s".formatted(rank, regParam, alpha, logScale);
  }
}
