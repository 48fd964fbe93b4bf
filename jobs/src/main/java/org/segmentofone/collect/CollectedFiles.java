package org.segmentofone.collect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;

/**
 * The {@code collected_files} manifest: which raw files each collected date was built from, so a
 * file that arrives late (or is replaced, or removed) in an older partition is noticed.
 */
final class CollectedFiles {
  private final SparkSession spark;
  private final DeltaTables tables;

  CollectedFiles(SparkSession spark, DeltaTables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /**
   * Dates of {@code older} whose files now differ from the manifest. Only dates from the first date
   * the manifest knows are compared: older days were never collected on purpose (outside the
   * initial backfill), and without a manifest (a warehouse from before it existed) nothing is.
   */
  Set<LocalDate> changedDates(Configuration hadoop, Map<LocalDate, String> older) {
    if (older.isEmpty() || !tables.exists(Tables.COLLECTED_FILES)) {
      return Set.of();
    }
    Dataset<Row> manifest = tables.read(Tables.COLLECTED_FILES);
    Row first = manifest.agg(min("event_date")).head();
    if (first.isNullAt(0)) {
      return Set.of();
    }
    LocalDate firstKnown = first.getDate(0).toLocalDate();
    Map<LocalDate, String> compared = new HashMap<>();
    older.forEach(
        (d, folder) -> {
          if (!d.isBefore(firstKnown)) {
            compared.put(d, folder);
          }
        });
    if (compared.isEmpty()) {
      return Set.of();
    }
    Map<LocalDate, Set<String>> now = new HashMap<>();
    for (RawFiles.RawFile f : RawFiles.list(hadoop, compared)) {
      now.computeIfAbsent(f.eventDate(), d -> new HashSet<>()).add(fingerprint(f));
    }
    Map<LocalDate, Set<String>> collected = new HashMap<>();
    // One row per raw file of at most late-horizon-days dates: small, whatever the row volume.
    for (Row r :
        manifest
            .where(col("event_date").isin(compared.keySet().stream().map(Date::valueOf).toArray()))
            .select("event_date", "path", "size_bytes", "modified_at")
            .collectAsList()) {
      LocalDate d = r.getDate(0).toLocalDate();
      collected
          .computeIfAbsent(d, x -> new HashSet<>())
          .add(
              fingerprint(
                  new RawFiles.RawFile(
                      d, r.getString(1), r.getLong(2), r.getTimestamp(3).getTime())));
    }
    Set<LocalDate> changed = new HashSet<>();
    for (LocalDate d : compared.keySet()) {
      if (!now.getOrDefault(d, Set.of()).equals(collected.getOrDefault(d, Set.of()))) {
        changed.add(d);
      }
    }
    return changed;
  }

  /** Replaces the manifest rows of the dates read with the files they were read from. */
  void write(List<RawFiles.Footer> footers, RunContext run, String datesInList) {
    List<Row> rows = new ArrayList<>();
    for (RawFiles.Footer f : footers) {
      rows.add(
          RowFactory.create(
              Date.valueOf(f.file().eventDate()),
              f.file().path(),
              f.file().sizeBytes(),
              Timestamp.from(Instant.ofEpochMilli(f.file().modifiedMillis())),
              f.rows(),
              run.runId(),
              Date.valueOf(run.runDate())));
    }
    tables.replaceWhere(
        spark.createDataFrame(rows, Tables.COLLECTED_FILES.schema()),
        Tables.COLLECTED_FILES,
        "event_date IN (" + datesInList + ")");
  }

  private static String fingerprint(RawFiles.RawFile f) {
    return f.path() + "|" + f.sizeBytes() + "|" + f.modifiedMillis();
  }
}
