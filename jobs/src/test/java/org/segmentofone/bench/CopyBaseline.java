package org.segmentofone.bench;

import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.SparkSessions;
import org.segmentofone.common.SparkSettings;

/**
 * The floor for collect in bench/collect-throughput: read the raw Parquet partitions and write them
 * to a Delta table by event_date, with no validation, hashing or deduplication, in the same session
 * settings. Args: raw-events-root output-folder shuffle-partitions.
 */
public final class CopyBaseline {
  private CopyBaseline() {}

  public static void main(String[] args) {
    String raw = args[0];
    String out = args[1];
    int shuffle = Integer.parseInt(args[2]);
    SparkSession spark =
        SparkSessions.create(
            new SparkSettings("local[*]", "collect-baseline", shuffle, Map.of()),
            new PathsConfig(raw, raw, out, out + "/_checkpoints"));
    try {
      long started = System.nanoTime();
      spark
          .read()
          .parquet(raw)
          .write()
          .format("delta")
          .mode(SaveMode.Overwrite)
          .partitionBy("event_date")
          .save(out + "/copy");
      double seconds = (System.nanoTime() - started) / 1e9;
      long rows = spark.read().format("delta").load(out + "/copy").count();
      System.out.printf("baseline copied %d rows in %.1f s%n", rows, seconds);
    } finally {
      spark.stop();
    }
  }
}
