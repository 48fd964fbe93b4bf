package org.segmentofone.collect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RawEvents;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.forget.Erasures;

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
  private final CollectedFiles manifest;

  /**
   * What one collect run read and wrote; read = accepted + quarantined + duplicates + erased (rows
   * of persons erased by {@code forget}, dropped).
   */
  public record Result(
      List<LocalDate> dates,
      List<LocalDate> late,
      List<LocalDate> missing,
      long files,
      long read,
      long accepted,
      long quarantined,
      long duplicates,
      long erased,
      Map<String, Long> reasons,
      CatalogLoader.Loaded catalog)
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
      m.put("quarantine", quarantined + catalog.rejected());
      m.put("products", catalog.products());
      return m;
    }

    @Override
    public Map<String, Long> metrics() {
      Map<String, Long> m =
          CollectEventsJob.metrics(files, read, accepted, quarantined, duplicates, reasons);
      m.put("erased", erased);
      m.put("events_written", accepted);
      m.put("late_dates", (long) late.size());
      return m;
    }

    private String catalogMessage() {
      return catalog.keptNewer()
          ? "products kept (their snapshot " + catalog.snapshot() + " is newer)"
          : catalog.products() + " products (snapshot " + catalog.snapshot() + ")";
    }

    @Override
    public String message() {
      if (dates.isEmpty()) {
        return "no raw partitions in the window"
            + (missing.isEmpty() ? "" : "; missing " + missing)
            + "; "
            + catalogMessage();
      }
      return "%d day(s) %s..%s from %d file(s)%s%s: read %d = %d accepted + %d quarantined %s + %d duplicates%s; %s"
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
              erased == 0 ? "" : " + " + erased + " erased (forget)",
              catalogMessage());
    }
  }

  public CollectEventsJob(SparkSession spark, PathsConfig paths, CollectConfig cfg) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.tables = new DeltaTables(spark, paths);
    this.manifest = new CollectedFiles(spark, tables);
  }

  @Override
  public String stage() {
    return "collect";
  }

  /**
   * Spark's constraint propagation grows steeply with collect's plan (a validation CASE over every
   * contract column, once per raw file schema, then a window and a join): with five schemas it ran
   * out of a 3 GB heap before executing anything. Collect infers nothing from constraints, so it
   * plans without them; the setting is restored afterwards for the other stages.
   */
  private static final String CONSTRAINTS = "spark.sql.constraintPropagation.enabled";

  @Override
  public Result run(RunContext run) {
    String before = spark.conf().get(CONSTRAINTS, "true");
    spark.conf().set(CONSTRAINTS, "false");
    try {
      return collect(run);
    } finally {
      spark.conf().set(CONSTRAINTS, before);
    }
  }

  private Result collect(RunContext run) {
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
    Map<LocalDate, String> folders = new TreeMap<>();
    window.dates().forEach(d -> folders.put(d, all.get(d)));
    if (folders.isEmpty()) {
      return new Result(
          List.of(),
          window.late(),
          window.missing(),
          0,
          0,
          0,
          0,
          0,
          0,
          Map.of(),
          new CatalogLoader(spark, paths, tables).load(run));
    }
    List<RawFiles.Footer> footers = RawFiles.footers(hadoop, RawFiles.list(hadoop, folders));
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
        CollectTransforms.classify(validated, storedIdsAround(window.dates()));
    if (tables.exists(Tables.ERASURES)) {
      classified =
          CollectTransforms.markErased(classified, tables.read(Tables.ERASURES), cfg.emailSalt());
    }
    classified = classified.persist(StorageLevel.MEMORY_AND_DISK());
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
      long erased = byStatus.getOrDefault(Erasures.ERASED, 0L);
      long read = accepted + quarantined + duplicates + erased;
      if (rawRows != read) {
        throw new IllegalStateException(
            "collect invariant broken: the raw files hold %d rows but %d were classified (accepted %d + quarantined %d + duplicates %d + erased %d)"
                .formatted(rawRows, read, accepted, quarantined, duplicates, erased));
      }

      String dates = inList(window.dates());
      long writtenQuarantine =
          tables.replaceWhere(
              CollectTransforms.quarantined(
                  classified, Date.valueOf(run.runDate()), run.runId(), Timestamp.from(run.now())),
              Tables.QUARANTINE,
              "source = 'events' AND event_date IN (" + dates + ")");
      checkEqual("quarantine", quarantined, writtenQuarantine);
      double rejectRate = read == 0 ? 0 : (double) quarantined / read;
      if (rejectRate > cfg.maxRejectRate()) {
        Map<String, Long> counts =
            metrics(footers.size(), read, accepted, quarantined, duplicates, reasons);
        counts.put("events_written", 0L);
        throw new CollectRejectedException(
            "collect.max-reject-rate exceeded: %.2f%% of %d rows quarantined (limit %.2f%%), by reason %s; the rows are in quarantine, events were not written"
                .formatted(100 * rejectRate, read, 100 * cfg.maxRejectRate(), reasons),
            counts);
      }
      long writtenEvents =
          tables.replaceWhere(
              CollectTransforms.accepted(classified, run.runId()),
              Tables.EVENTS,
              "event_date IN (" + dates + ")");
      checkEqual("events", accepted, writtenEvents);
      manifest.write(footers, run, dates);
      return new Result(
          List.copyOf(window.dates()),
          window.late(),
          window.missing(),
          footers.size(),
          read,
          accepted,
          quarantined,
          duplicates,
          erased,
          reasons,
          new CatalogLoader(spark, paths, tables).load(run));
    } finally {
      classified.unpersist();
    }
  }

  /** Dates between the late horizon and the regular window whose files changed. */
  private Set<LocalDate> changedDates(
      Configuration hadoop, TreeMap<LocalDate, String> all, RunContext run, boolean firstRun) {
    LocalDate horizon = CollectWindow.lateHorizon(run.runDate(), cfg);
    LocalDate start = CollectWindow.regularStart(run.runDate(), run.collectFrom(), firstRun, cfg);
    if (firstRun || !horizon.isBefore(start)) {
      return Set.of();
    }
    return manifest.changedDates(hadoop, all.subMap(horizon, true, start, false));
  }

  /**
   * Event ids already stored near the window (from the dedupe horizon before it to the dedupe
   * horizon after it, the window's own dates excluded): a tracker's retry must not count twice,
   * also when an older date is re-collected after newer ones.
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
                .and(
                    col("event_date")
                        .leq(lit(Date.valueOf(window.last().plusDays(cfg.dedupeDays())))))
                .and(
                    col("event_date")
                        .isin(window.stream().map(Date::valueOf).toArray())
                        .unary_$bang()))
        .select(RawEvents.EVENT_ID);
  }

  static Map<String, Long> metrics(
      long files,
      long read,
      long accepted,
      long quarantined,
      long duplicates,
      Map<String, Long> reasons) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("files", files);
    m.put("read", read);
    m.put("accepted", accepted);
    m.put("quarantined", quarantined);
    m.put("duplicates", duplicates);
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
