package org.segmentofone.common;

import java.util.Map;

/** What every job returns: counts for job_runs and the summary, plus a one-line message. */
public interface JobResult {
  long rowsIn();

  long rowsOut();

  /** Rows written per table name, in the order written. */
  Map<String, Long> tablesWritten();

  String message();

  /** Stage-specific counts for job_runs (collect: read, accepted, quarantined, duplicates...). */
  default Map<String, Long> metrics() {
    return Map.of();
  }

  /** Report files the stage wrote (HTML pages first), for the end summary. */
  default java.util.List<String> reports() {
    return java.util.List.of();
  }
}
