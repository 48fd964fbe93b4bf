package org.segmentofone.collect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RawCatalog;
import org.segmentofone.common.RawEvents;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;

/**
 * {@code collect}: reads the raw partitions of the window ending at the run date (plus older dates
 * whose files changed), validates and deduplicates them into {@code events}, rejects into {@code
 * quarantine}, records the files read in {@code collected_files}, and loads the catalog snapshot
 * into {@code products}. Re-running a date replaces exactly the dates it read.
 */
public final class CollectEventsJob implements Job<CollectEventsJob.Result> {
  private final SparkSession spark;
  private final PathsConfig paths;
  private final CollectConfig cfg;
  private final DeltaTables tables;

  /** What one collect run read and wrote; read = accepted + quarantined + duplicates. */
  public record Result(
      List<LocalDate> dates,
      List<LocalDate> late,
      List<LocalDate> missing,
      long files,
      long read,
      long accepted,
      long quarantined,
      long duplicates,
      Map<String, Long> reasons,
      long products,
      long productsRejected)
      implements JobResult {
    @Override
    public long rowsIn() {
      return read;
    }

    @Override
    public long rowsOut() {
      return accepted;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("events", accepted);
      m.put("quarantine", quarantined + productsRejected);
      m.put("products", products);
      return m;
    }

    @Override
    public Map<String, Long> metrics() {
      return CollectEventsJob.metrics(
          files, read, accepted, quarantined, duplicates, reasons, late.size());
    }

    @Override
    public String message() {
      if (dates.isEmpty()) {
        return "no raw partitions in the window"
            + (missing.isEmpty() ? "" : "; missing " + missing);
      }
      return "%d day(s) %s..%s from %d file(s)%s%s: read %d = %d accepted + %d quarantined %s + %d duplicates; %d products"
          .formatted(
              dates.size(),
              dates.get(0),
              dates.get(dates.size() - 1),
              files,
              late.isEmpty() ? "" : ", late files re-read for " + late,
              missing.isEmpty() ? "" : ", no partition for " + missing,
              read,
              accepted,
              quarantined,
              reasons,
              duplicates,
              products);
    }
  }

  public CollectEventsJob(SparkSession spark, PathsConfig paths, CollectConfig cfg) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "collect";
  }

  @Override
  public Result run(RunContext run) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    boolean firstRun = !tables.exists(Tables.EVENTS);
    TreeMap<LocalDate, String> all = RawPartitions.list(spark, paths.rawEvents());
    CollectWindow window =
        CollectWindow.plan(
            run.runDate(),
            run.collectFrom(),
            firstRun,
            cfg,
            all.navigableKeySet(),
            changedDates(hadoop, all, run, firstRun));
    if (cfg.requirePartitions() && !window.missing().isEmpty()) {
      throw new RawInputException(
          "no raw partition folder for %s under %s (expected %s/event_date=%s); if the store really had no events that day, set collect.require-partitions = false"
              .formatted(
                  window.missing(), paths.rawEvents(), paths.rawEvents(), window.missing().get(0)));
    }
    long[] catalog = collectCatalog(run);
    Map<LocalDate, String> folders = new TreeMap<>();
    window.dates().forEach(d -> folders.put(d, all.get(d)));
    List<RawFiles.Footer> footers = RawFiles.footers(hadoop, RawFiles.list(hadoop, folders));
    if (footers.isEmpty()) {
      return new Result(
          List.of(),
          window.late(),
          window.missing(),
          0,
          0,
          0,
          0,
          0,
          Map.of(),
          catalog[0],
          catalog[1]);
    }
    // The invariant's left side, from the Parquet footers: independent of the classification.
    long rawRows = footers.stream().mapToLong(RawFiles.Footer::rows).sum();

    Dataset<Row> conformed = RawEventReader.readConformed(spark, footers, cfg.emailSalt());
    Dataset<Row> validated =
        CollectTransforms.validate(
            conformed,
            new CollectTransforms.Rules(
                cfg.maxClockSkewMinutes(),
                cfg.maxEventAgeDays(),
                cfg.maxStringLength(),
                cfg.maxPrice(),
                cfg.maxQuantity(),
                run.now()));
    Dataset<Row> classified =
        CollectTransforms.classify(validated, storedIdsAround(window.dates()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> byStatus = countBy(classified, CollectTransforms.STATUS);
      Map<String, Long> reasons =
          countBy(
              classified.where(
                  col(CollectTransforms.STATUS).equalTo(CollectTransforms.QUARANTINED)),
              CollectTransforms.REASON);
      long accepted = byStatus.getOrDefault(CollectTransforms.ACCEPTED, 0L);
      long quarantined = byStatus.getOrDefault(CollectTransforms.QUARANTINED, 0L);
      long duplicates = byStatus.getOrDefault(CollectTransforms.DUPLICATE, 0L);
      long read = accepted + quarantined + duplicates;
      if (rawRows != read) {
        throw new IllegalStateException(
            "collect invariant broken: the raw files hold %d rows but %d were classified (accepted %d + quarantined %d + duplicates %d)"
                .formatted(rawRows, read, accepted, quarantined, duplicates));
      }

      String dates = inList(window.dates());
      long writtenQuarantine =
          tables.replaceWhere(
              CollectTransforms.quarantined(
                  classified, Date.valueOf(run.runDate()), run.runId(), Timestamp.from(run.now())),
              Tables.QUARANTINE,
              "source = 'events' AND event_date IN (" + dates + ")");
      checkEqual("quarantine", quarantined, writtenQuarantine);
      double rejectRate = (double) quarantined / read;
      if (rejectRate > cfg.maxRejectRate()) {
        throw new CollectRejectedException(
            "collect.max-reject-rate exceeded: %.2f%% of %d rows quarantined (limit %.2f%%), by reason %s; the rows are in quarantine, events were not written"
                .formatted(100 * rejectRate, read, 100 * cfg.maxRejectRate(), reasons),
            metrics(
                footers.size(), read, 0, quarantined, duplicates, reasons, window.late().size()));
      }
      long writtenEvents =
          tables.replaceWhere(
              CollectTransforms.accepted(classified, run.runId()),
              Tables.EVENTS,
              "event_date IN (" + dates + ")");
      checkEqual("events", accepted, writtenEvents);
      writeManifest(footers, run, dates);
      return new Result(
          List.copyOf(window.dates()),
          window.late(),
          window.missing(),
          footers.size(),
          read,
          accepted,
          quarantined,
          duplicates,
          reasons,
          catalog[0],
          catalog[1]);
    } finally {
      classified.unpersist();
    }
  }

  /**
   * Dates between the late horizon and the regular window whose files differ from the manifest of
   * what was collected: a new file, a replaced one (size or time), or one that disappeared.
   */
  private Set<LocalDate> changedDates(
      Configuration hadoop, TreeMap<LocalDate, String> all, RunContext run, boolean firstRun) {
    LocalDate horizon = CollectWindow.lateHorizon(run.runDate(), cfg);
    LocalDate start = CollectWindow.regularStart(run.runDate(), run.collectFrom(), firstRun, cfg);
    if (firstRun || !horizon.isBefore(start)) {
      return Set.of();
    }
    Map<LocalDate, String> older = all.subMap(horizon, true, start, false);
    if (older.isEmpty()) {
      return Set.of();
    }
    Map<LocalDate, Set<String>> now = new HashMap<>();
    for (RawFiles.RawFile f : RawFiles.list(hadoop, older)) {
      now.computeIfAbsent(f.eventDate(), d -> new HashSet<>()).add(fingerprint(f));
    }
    Map<LocalDate, Set<String>> collected = new HashMap<>();
    // One row per raw file of at most late-horizon-days dates: small, whatever the row volume.
    for (Row r :
        tables
            .readOrEmpty(Tables.COLLECTED_FILES)
            .where(col("event_date").isin(older.keySet().stream().map(Date::valueOf).toArray()))
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
    for (LocalDate d : older.keySet()) {
      if (!now.getOrDefault(d, Set.of()).equals(collected.getOrDefault(d, Set.of()))) {
        changed.add(d);
      }
    }
    return changed;
  }

  private static String fingerprint(RawFiles.RawFile f) {
    return f.path() + "|" + f.sizeBytes() + "|" + f.modifiedMillis();
  }

  private void writeManifest(List<RawFiles.Footer> footers, RunContext run, String dates) {
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
        "event_date IN (" + dates + ")");
  }

  /**
   * Event ids already stored near the window (the dedupe horizon before it and any stored dates in
   * between its days): a tracker's retry must not count twice.
   */
  private Dataset<Row> storedIdsAround(NavigableSet<LocalDate> window) {
    if (!tables.exists(Tables.EVENTS)) {
      return spark.emptyDataFrame().withColumn(RawEvents.EVENT_ID, lit(null).cast("string"));
    }
    return tables
        .read(Tables.EVENTS)
        .where(
            col("event_date")
                .geq(lit(Date.valueOf(window.first().minusDays(cfg.dedupeDays()))))
                .and(col("event_date").leq(lit(Date.valueOf(window.last()))))
                .and(
                    col("event_date")
                        .isin(window.stream().map(Date::valueOf).toArray())
                        .unary_$bang()))
        .select(RawEvents.EVENT_ID);
  }

  /** Writes the products table from the catalog snapshot; returns {products, rejected}. */
  private long[] collectCatalog(RunContext run) {
    RawPartitions.Snapshot snapshot =
        RawPartitions.catalogSnapshot(spark, paths.catalog(), run.runDate());
    Dataset<Row> catalog = RawEventReader.readCatalog(spark, snapshot.path(), RawCatalog.SCHEMA);
    Dataset<Row> checked =
        CollectTransforms.catalogWithReason(catalog).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> valid =
          checked
              .where(col(CollectTransforms.REASON).isNull())
              .withColumn("snapshot_date", lit(Date.valueOf(snapshot.date())));
      long products = tables.overwrite(valid, Tables.PRODUCTS);
      Dataset<Row> rejects =
          checked
              .where(col(CollectTransforms.REASON).isNotNull())
              .select(
                  lit(Date.valueOf(run.runDate())).as("event_date"),
                  lit(Date.valueOf(run.runDate())).as("run_date"),
                  lit(run.runId()).as("run_id"),
                  lit("catalog").as("source"),
                  lit(snapshot.path()).as("source_file"),
                  col(CollectTransforms.REASON).as("reason"),
                  col(CollectTransforms.RAW_JSON).as("raw"),
                  lit(null).cast("string").as("event_id"),
                  lit(Timestamp.from(run.now())).as("quarantined_at"));
      long rejected =
          tables.replaceWhere(
              rejects,
              Tables.QUARANTINE,
              "source = 'catalog' AND event_date = '" + run.runDate() + "'");
      return new long[] {products, rejected};
    } finally {
      checked.unpersist();
    }
  }

  static Map<String, Long> metrics(
      long files,
      long read,
      long accepted,
      long quarantined,
      long duplicates,
      Map<String, Long> reasons,
      long lateDates) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("files", files);
    m.put("read", read);
    m.put("accepted", accepted);
    m.put("quarantined", quarantined);
    m.put("duplicates", duplicates);
    m.put("late_dates", lateDates);
    reasons.forEach((reason, n) -> m.put("reason:" + reason, n));
    return m;
  }

  private static String inList(Set<LocalDate> dates) {
    return dates.stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "));
  }

  private static Map<String, Long> countBy(Dataset<Row> df, String column) {
    Map<String, Long> out = new TreeMap<>();
    // One row per status or reason: a handful, whatever the data size.
    for (Row r : df.groupBy(column).count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  private static void checkEqual(String table, long expected, long written) {
    if (expected != written) {
      throw new IllegalStateException(
          "collect invariant broken: classified %d rows for %s but Delta wrote %d"
              .formatted(expected, table, written));
    }
  }
}
