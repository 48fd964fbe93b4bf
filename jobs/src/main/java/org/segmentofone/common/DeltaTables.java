package org.segmentofone.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.util.FileNames;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** Reads and idempotent writes of contract tables in Delta format under the warehouse root. */
public final class DeltaTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);
  private final SparkSession spark;
  private final PathsConfig paths;
  private final Set<String> layoutChecked = new HashSet<>();

  public DeltaTables(SparkSession spark, PathsConfig paths) {
    this.spark = spark;
    this.paths = paths;
  }

  public SparkSession sparkSession() {
    return spark;
  }

  public String path(TableSpec spec) {
    return paths.table(spec.name());
  }

  public boolean exists(TableSpec spec) {
    return DeltaTable.isDeltaTable(spark, path(spec));
  }

  /**
   * Reads a table and checks it still carries every column of its contract, with its type. A
   * nullable column the contract gained after the table was written reads as null (the next write
   * adds it to the stored schema); a missing required column fails.
   */
  public Dataset<Row> read(TableSpec spec) {
    if (!exists(spec)) {
      throw new TableContractException(
          "table "
              + spec.name()
              + " does not exist at "
              + path(spec)
              + " (run the stage that writes it first)");
    }
    Dataset<Row> df = spark.read().format("delta").load(path(spec));
    checkSchema(spec, df.schema());
    return df.select(columns(spec, df.schema()));
  }

  /** Reads a table, or an empty frame of its schema when it was never written. */
  public Dataset<Row> readOrEmpty(TableSpec spec) {
    return exists(spec) ? read(spec) : spark.createDataFrame(List.of(), spec.schema());
  }

  /** Replaces the whole table (a derived state rebuilt each run). Returns rows written. */
  public long overwrite(Dataset<Row> df, TableSpec spec) {
    writer(conform(df, spec), spec)
        .mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true")
        .save(path(spec));
    return lastCommitOutputRows(spec);
  }

  /**
   * Replaces the rows matching the predicate (a run date's partition). Returns rows written. A
   * stored table whose partitioning differs from the contract (written by an older release) is
   * replaced as a whole by this result instead: a derived table rebuilds from here.
   */
  public long replaceWhere(Dataset<Row> df, TableSpec spec, String predicate) {
    if (!sameLayout(spec)) {
      LOG.warn(
          "{} is partitioned differently from its contract {}: rewriting it from this run",
          spec.name(),
          spec.partitionColumns());
      return overwrite(df, spec);
    }
    writer(conform(df, spec), spec)
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        // Columns added to the contract since the table was created join its schema.
        .option("mergeSchema", "true")
        .save(path(spec));
    return lastCommitOutputRows(spec);
  }

  /** True unless the table exists with other partition columns (checked once per table). */
  private boolean sameLayout(TableSpec spec) {
    if (!exists(spec) || !layoutChecked.add(spec.name())) {
      return true;
    }
    // The log's metadata, not DeltaTable.detail() (which sizes every file with a Spark query).
    DeltaLog log = DeltaLog.forTable(spark, path(spec));
    List<String> stored =
        CollectionConverters.asJava(
            log.update(false, Option.empty(), Option.empty()).metadata().partitionColumns());
    return stored.equals(spec.partitionColumns());
  }

  /**
   * Appends rows; only for logs whose rows are unique by construction (job_runs). Columns added to
   * the contract since the log was created are merged into its schema.
   */
  public long append(Dataset<Row> df, TableSpec spec) {
    writer(conform(df, spec), spec)
        .mode(SaveMode.Append)
        .option("mergeSchema", "true")
        .save(path(spec));
    return lastCommitOutputRows(spec);
  }

  /**
   * The dates of a date partition column that hold data, from the current snapshot's file names
   * (metadata only, nothing read); empty when the table does not exist.
   */
  public SortedSet<LocalDate> partitionDates(TableSpec spec, String column) {
    SortedSet<LocalDate> out = new TreeSet<>();
    if (!exists(spec)) {
      return out;
    }
    Pattern p = Pattern.compile(Pattern.quote(column) + "=(\\d{4}-\\d{2}-\\d{2})/");
    for (String file : read(spec).inputFiles()) {
      Matcher m = p.matcher(file);
      if (m.find()) {
        out.add(LocalDate.parse(m.group(1)));
      }
    }
    return out;
  }

  /** Deletes the rows matching a SQL predicate, if the table exists (retention of old runs). */
  public void delete(TableSpec spec, String predicate) {
    if (exists(spec)) {
      DeltaTable.forPath(spark, path(spec)).delete(predicate);
    }
  }

  /**
   * Rows written by the newest commit, from Delta's own operation metrics (no extra count), read
   * from that commit's log file: the write just made it the snapshot this JVM holds, so no history
   * query (a Spark job) is needed.
   */
  public long lastCommitOutputRows(TableSpec spec) {
    DeltaLog log = DeltaLog.forTable(spark, path(spec));
    long version = log.unsafeVolatileSnapshot().version();
    Option<CommitInfo> commit =
        DeltaHistoryManager.getCommitInfoOpt(
            log.store(),
            FileNames.unsafeDeltaFile(log.logPath(), version),
            log.newDeltaHadoopConf());
    if (commit.isEmpty() || commit.get().operationMetrics().isEmpty()) {
      return 0L;
    }
    Option<String> rows = commit.get().operationMetrics().get().get("numOutputRows");
    return rows.isEmpty() ? 0L : Long.parseLong(rows.get());
  }

  /** Selects and casts the contract's columns in order; a missing column is a programming error. */
  public static Dataset<Row> conform(Dataset<Row> df, TableSpec spec) {
    List<String> have = List.of(df.columns());
    List<Column> cols = new ArrayList<>();
    for (StructField f : spec.schema().fields()) {
      if (!have.contains(f.name())) {
        throw new TableContractException(
            "cannot write " + spec.name() + ": the result lacks column " + f.name());
      }
      cols.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  static void checkSchema(TableSpec spec, StructType actual) {
    for (StructField f : spec.schema().fields()) {
      if (!List.of(actual.fieldNames()).contains(f.name())) {
        if (f.nullable()) {
          continue;
        }
        throw new TableContractException(
            "table " + spec.name() + " lacks column " + f.name() + " of its contract");
      }
      StructField a = actual.apply(f.name());
      if (!a.dataType().sameType(f.dataType())) {
        throw new TableContractException(
            "table "
                + spec.name()
                + " column "
                + f.name()
                + " is "
                + a.dataType().simpleString()
                + ", the contract says "
                + f.dataType().simpleString());
      }
    }
  }

  private static Column[] columns(TableSpec spec, StructType stored) {
    List<String> have = List.of(stored.fieldNames());
    return java.util.Arrays.stream(spec.schema().fields())
        .map(
            f ->
                have.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
  }

  private static org.apache.spark.sql.DataFrameWriter<Row> writer(Dataset<Row> df, TableSpec spec) {
    var w = df.write().format("delta");
    if (!spec.partitionColumns().isEmpty()) {
      w = w.partitionBy(spec.partitionColumns().toArray(String[]::new));
    }
    return w;
  }
}
