package org.segmentofone.common;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** {@code job_runs}: one row per stage execution, success or failure. Append-only log. */
public final class JobRunsTable {
  public static final TableSpec SPEC =
      new TableSpec(
          "job_runs",
          new StructType()
              .add("run_id", StringType, false)
              .add("stage", StringType, false)
              .add("run_date", DateType, false)
              .add("started_at", TimestampType, false)
              .add("finished_at", TimestampType, false)
              .add("duration_ms", LongType, false)
              .add("status", StringType, false)
              .add("rows_in", LongType, true)
              .add("rows_out", LongType, true)
              .add("message", StringType, true)
              .add("tables", createMapType(StringType, LongType), true)
              .add("metrics", createMapType(StringType, LongType), true),
          List.of());

  private JobRunsTable() {}
}
