package org.segmentofone.common;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a job, times it, logs one line and appends its {@code job_runs} row (also on failure). */
public final class StageRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
  private final SparkSession spark;
  private final DeltaTables tables;

  public StageRunner(SparkSession spark, DeltaTables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /** The outcome of one stage, for the nightly summary. */
  public record StageOutcome(String stage, Duration duration, JobResult result) {}

  public <R extends JobResult> StageOutcome run(Job<R> job, RunContext run) {
    Instant started = run.now();
    LOG.info("stage {} starting for run date {} (run {})", job.stage(), run.runDate(), run.runId());
    R result;
    try {
      spark.sparkContext().setJobGroup(job.stage(), job.stage() + " " + run.runDate(), false);
      result = job.run(run);
    } catch (RuntimeException e) {
      Instant failed = run.now();
      record(
          job.stage(),
          run,
          started,
          failed,
          e instanceof StageFailedException f ? f.status() : "failed",
          null,
          e instanceof StageFailedException f ? f.metrics() : null,
          e.getMessage());
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    Instant finished = run.now();
    record(
        job.stage(),
        run,
        started,
        finished,
        "succeeded",
        result,
        result.metrics(),
        result.message());
    Duration took = Duration.between(started, finished);
    LOG.info(
        "stage {} succeeded in {} s: rows in {}, rows out {}, {}",
        job.stage(),
        took.toMillis() / 1000.0,
        result.rowsIn(),
        result.rowsOut(),
        result.message());
    return new StageOutcome(job.stage(), took, result);
  }

  private void record(
      String stage,
      RunContext run,
      Instant started,
      Instant finished,
      String status,
      JobResult result,
      Map<String, Long> metrics,
      String message) {
    Row row =
        RowFactory.create(
            run.runId(),
            stage,
            Date.valueOf(run.runDate()),
            Timestamp.from(started),
            Timestamp.from(finished),
            Duration.between(started, finished).toMillis(),
            status,
            result == null ? null : result.rowsIn(),
            result == null ? null : result.rowsOut(),
            message == null ? null : truncate(message),
            result == null ? null : Map.copyOf(result.tablesWritten()),
            metrics == null || metrics.isEmpty() ? null : Map.copyOf(metrics));
    try {
      tables.append(
          spark.createDataFrame(List.of(row), JobRunsTable.SPEC.schema()), JobRunsTable.SPEC);
    } catch (RuntimeException e) {
      LOG.warn("could not append to job_runs for stage {}: {}", stage, e.getMessage());
    }
  }

  private static String truncate(String message) {
    return message.length() > 2000 ? message.substring(0, 2000) + "…" : message;
  }
}
