package org.segmentofone.forget;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes deleted rows unreachable: rewrites deletion vectors into files without the rows, VACUUMs so
 * older table versions lose the files that held them, drops the persons' factors from saved models,
 * and empties the Spark checkpoint folder (ALS and connect checkpoint person-level data).
 */
final class Purge {
  private static final Logger LOG = LoggerFactory.getLogger(Purge.class);
  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * VACUUM lists a table's folders with this many tasks (Spark's partition discovery default,
   * 10,000, and Delta's 200): thousands of empty tasks per table on a small cluster. Two per core
   * lists any table the pipeline writes.
   */
  private static final List<String> LISTING_PARALLELISM =
      List.of(
          "spark.sql.sources.parallelPartitionDiscovery.parallelism",
          "spark.databricks.delta.vacuum.fileListing.parallelism");

  /** Delta's own default retention; below it Delta refuses VACUUM unless the check is off. */
  private static final double DELTA_DEFAULT_RETENTION_HOURS = 168;

  private final SparkSession spark;

  Purge(SparkSession spark) {
    this.spark = spark;
  }

  /** REORG … APPLY (PURGE) when the table keeps deletes as deletion vectors, then VACUUM. */
  void vacuum(String path, double retentionHours) {
    Map<String, String> props =
        DeltaTable.forPath(spark, path).detail().select("properties").head().getJavaMap(0);
    if ("true".equalsIgnoreCase(props.getOrDefault("delta.enableDeletionVectors", "false"))) {
      spark.sql("REORG TABLE delta.`" + path + "` APPLY (PURGE)");
    }
    Map<String, String> before = new java.util.HashMap<>();
    for (String key : LISTING_PARALLELISM) {
      before.put(key, spark.conf().get(key, null));
      spark.conf().set(key, String.valueOf(2 * spark.sparkContext().defaultParallelism()));
    }
    before.put(RETENTION_CHECK, spark.conf().get(RETENTION_CHECK, null));
    if (retentionHours < DELTA_DEFAULT_RETENTION_HOURS) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    try {
      DeltaTable.forPath(spark, path).vacuum(retentionHours);
    } finally {
      before.forEach(
          (key, value) -> {
            if (value == null) {
              spark.conf().unset(key);
            } else {
              spark.conf().set(key, value);
            }
          });
    }
  }

  /**
   * Removes the rows of {@code ids} from every saved ALS model's {@code userFactors} under {@code
   * modelsRoot}; returns the number of models rewritten. The rest of each model is untouched.
   */
  int dropUserFactors(String modelsRoot, Set<Integer> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    int rewritten = 0;
    for (Path factors : userFactorFolders(new Path(modelsRoot))) {
      Dataset<Row> all = spark.read().parquet(factors.toString());
      if (all.where(col("id").isin(ids.toArray())).isEmpty()) {
        continue;
      }
      Path tmp = factors.suffix(".forget-tmp");
      all.where(col("id").isin(ids.toArray()).unary_$bang())
          .write()
          .mode("overwrite")
          .parquet(tmp.toString());
      try {
        FileSystem fs = factors.getFileSystem(hadoop());
        fs.delete(factors, true);
        if (!fs.rename(tmp, factors)) {
          throw new IOException("cannot rename " + tmp + " to " + factors);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot rewrite the factors " + factors, e);
      }
      rewritten++;
    }
    return rewritten;
  }

  /** Deletes what is inside the checkpoint folder (a run's leftovers), keeping the folder. */
  void clearCheckpoints(String checkpointDir) {
    try {
      Path dir = new Path(checkpointDir);
      FileSystem fs = dir.getFileSystem(hadoop());
      if (fs.exists(dir)) {
        for (FileStatus s : fs.listStatus(dir)) {
          fs.delete(s.getPath(), true);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not clear the checkpoint folder {}: {}", checkpointDir, e.getMessage());
    }
  }

  private List<Path> userFactorFolders(Path root) {
    List<Path> out = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop());
      if (fs.exists(root)) {
        collect(fs, root, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the models under " + root, e);
    }
    return out;
  }

  private static void collect(FileSystem fs, Path dir, List<Path> out) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (!s.isDirectory()) {
        continue;
      }
      if (s.getPath().getName().equals("userFactors")) {
        out.add(s.getPath());
      } else {
        collect(fs, s.getPath(), out);
      }
    }
  }

  private org.apache.hadoop.conf.Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
