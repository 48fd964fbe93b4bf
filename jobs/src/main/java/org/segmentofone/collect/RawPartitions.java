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
        throw new IllegalStateException(
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

  /** The folders of the dates in [from, to], in date order. */
  public static List<String> between(TreeMap<LocalDate, String> all, LocalDate from, LocalDate to) {
    return new ArrayList<>(all.subMap(from, true, to, true).values());
  }
}
