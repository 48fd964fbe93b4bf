package org.segmentofone.common;

import java.util.Map;

/**
 * A stage that failed on purpose after doing part of its work (collect's reject-rate limit): the
 * counts it gathered still go to {@code job_runs}.
 */
public class StageFailedException extends RuntimeException {
  private final Map<String, Long> metrics;

  public StageFailedException(String message, Map<String, Long> metrics) {
    super(message);
    this.metrics = Map.copyOf(metrics);
  }

  /** The status recorded in {@code job_runs}. */
  public String status() {
    return "failed";
  }

  public Map<String, Long> metrics() {
    return metrics;
  }
}
