package org.segmentofone.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.StageFailedException;
import org.segmentofone.common.Tables;

/**
 * The life of a model version in {@code model_runs}: {@code trained} by train, {@code approved} or
 * {@code refused} by the evaluate stage's gate, {@code published} once recommend served it.
 */
public final class ModelRuns {
  private final DeltaTables tables;

  public ModelRuns(DeltaTables tables) {
    this.tables = tables;
  }

  /** The run of a version (the run date's model); fails naming the stage to run when missing. */
  public Row get(String version) {
    List<Row> rows =
        tables.exists(Tables.MODEL_RUNS)
            ? tables
                .read(Tables.MODEL_RUNS)
                .where(col("version").equalTo(lit(version)))
                .limit(1)
                .collectAsList()
            : List.of();
    if (rows.isEmpty()) {
      throw new StageFailedException(
          "no model %s in model_runs: run `train --run-date %s` first".formatted(version, version),
          java.util.Map.of());
    }
    return rows.get(0);
  }

  /** The newest published version before the run date, if any. */
  public Optional<Row> lastPublished(LocalDate before) {
    return newestBefore(col("status").equalTo(TrainModelJob.STATUS_PUBLISHED), before);
  }

  /**
   * The newest run up to the run date that searched this search space (a {@link
   * TuningSchedule#space} fingerprint) and whose model the gate did not refuse, if any: before the
   * run date approved or published; on the run date itself (an earlier run of the same date, which
   * this run replaces) also one the gate has not judged yet.
   */
  public Optional<Row> lastSearched(LocalDate runDate, String space) {
    // Rows of releases before the fingerprint read it as null: never the same space.
    Column day = lit(Date.valueOf(runDate));
    Column gated =
        col("status").isin(TrainModelJob.STATUS_APPROVED, TrainModelJob.STATUS_PUBLISHED);
    Column sameDateNotRefused =
        col("run_date").equalTo(day).and(col("status").notEqual(TrainModelJob.STATUS_REFUSED));
    return newestBefore(
        col("tuning_candidates")
            .gt(0)
            .and(col("search_space").equalTo(lit(space)))
            .and(gated.or(sameDateNotRefused)),
        runDate.plusDays(1));
  }

  private Optional<Row> newestBefore(Column which, LocalDate before) {
    if (!tables.exists(Tables.MODEL_RUNS)) {
      return Optional.empty();
    }
    return tables
        .read(Tables.MODEL_RUNS)
        .where(which)
        .where(col("run_date").lt(lit(Date.valueOf(before))))
        .orderBy(col("run_date").desc(), col("created_at").desc())
        .limit(1)
        .collectAsList()
        .stream()
        .findFirst();
  }

  /** Sets a version's status and the gate's reason (the row is replaced; one small commit). */
  public void setStatus(String version, String status, String reason) {
    Dataset<Row> updated =
        tables
            .read(Tables.MODEL_RUNS)
            .where(col("version").equalTo(lit(version)))
            .withColumn("status", lit(status))
            .withColumn("gate_reason", reason == null ? col("gate_reason") : lit(reason));
    // Materialised first: the replace reads and rewrites the same table.
    List<Row> rows = updated.collectAsList();
    tables.replaceWhere(
        tables.sparkSession().createDataFrame(rows, Tables.MODEL_RUNS.schema()),
        Tables.MODEL_RUNS,
        "version = '" + version + "'");
  }
}
