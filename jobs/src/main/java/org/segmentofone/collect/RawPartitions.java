package org.segmentofone.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code event_date=YYYY-MM-DD} folders under the raw events root. One entry per day, so the
 * listing is small whatever the data volume.
 */
public final class RawPartitions {
  private RawPartitions() {}

  /** Date → folder path, sorted by date. Folders that are not date partitions are skipped. */
  public static TreeMap<LocalDate, String> list(SparkSession spark, String root) {
    TreeMap<LocalDate, String> out = new TreeMap<>();
    try {
      Path base = new Path(root);
      FileSystem fs = base.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(base)) {
        throw new RawInputException(
            "raw events folder not found: " + root + " (config paths.raw-events)");
      }
      for (FileStatus st : fs.listStatus(base)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith("event_date=")) {
          try {
            out.put(
                LocalDate.parse(name.substring("event_date=".length())), st.getPath().toString());
          } catch (DateTimeParseException e) {
            // A folder like event_date=__HIVE_DEFAULT_PARTITION__ holds no valid date.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list raw events under " + root, e);
    }
    return out;
  }

  /** A catalog snapshot folder and the date it stands for. */
  public record Snapshot(String path, LocalDate date) {}

  /**
   * The catalog snapshot for a run date: with {@code snapshot_date=YYYY-MM-DD} sub-folders under
   * the catalog path, the newest one not after the run date (latest snapshot wins); otherwise the
   * path itself, standing for the run date.
   */
  public static Snapshot catalogSnapshot(SparkSession spark, String root, LocalDate runDate) {
    TreeMap<LocalDate, String> snapshots = new TreeMap<>();
    try {
      Path base = new Path(root);
      FileSystem fs = base.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(base)) {
        throw new RawInputException("catalog not found: " + root + " (config paths.catalog)");
      }
      for (FileStatus st : fs.listStatus(base)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith("snapshot_date=")) {
          try {
            snapshots.put(
                LocalDate.parse(name.substring("snapshot_date=".length())),
                st.getPath().toString());
          } catch (DateTimeParseException e) {
            // not a dated snapshot folder
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the catalog under " + root, e);
    }
    if (snapshots.isEmpty()) {
      return new Snapshot(root, runDate);
    }
    var latest = snapshots.floorEntry(runDate);
    if (latest == null) {
      throw new RawInputException(
          "the catalog under "
              + root
              + " has snapshots from "
              + snapshots.firstKey()
              + " on, none on or before the run date "
              + runDate);
    }
    return new Snapshot(latest.getValue(), latest.getKey());
  }

  /** The folders of the dates in [from, to], in date order. */
  public static List<String> between(TreeMap<LocalDate, String> all, LocalDate from, LocalDate to) {
    return new ArrayList<>(all.subMap(from, true, to, true).values());
  }
}
