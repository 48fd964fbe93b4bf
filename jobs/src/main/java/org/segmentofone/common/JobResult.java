package org.segmentofone.common;

import java.util.Map;

/** What every job returns: counts for job_runs and the summary, plus a one-line message. */
public interface JobResult {
  long rowsIn();

  long rowsOut();

  /** Rows written per table name, in the order written. */
  Map<String, Long> tablesWritten();

  String message();
}
