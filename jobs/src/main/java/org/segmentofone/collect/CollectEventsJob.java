package org.segmentofone.collect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * {@code collect}: reads the raw partitions of the window ending at the run date, validates and
 * deduplicates them into {@code events}, rejects into {@code quarantine}, and the catalog snapshot
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
    public String message() {
      if (dates.isEmpty()) {
        return "no raw partitions in the window";
      }
      return "%d day(s) %s..%s: %d accepted, %d quarantined %s, %d duplicates; %d products"
          .formatted(
              dates.size(),
              dates.get(0),
              dates.get(dates.size() - 1),
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
    boolean firstRun = !tables.exists(Tables.EVENTS);
    LocalDate from =
        run.runDate().minusDays(firstRun ? cfg.initialBackfillDays() - 1L : cfg.lookbackDays());
    TreeMap<LocalDate, String> all = RawPartitions.list(spark, paths.rawEvents());
    TreeMap<LocalDate, String> window = new TreeMap<>(all.subMap(from, true, run.runDate(), true));
    long[] catalog = collectCatalog(run);
    if (window.isEmpty()) {
      return new Result(List.of(), 0, 0, 0, 0, Map.of(), catalog[0], catalog[1]);
    }

    Dataset<Row> raw = RawEventReader.read(spark, paths.rawEvents(), window.values());
    Dataset<Row> validated =
        CollectTransforms.validate(
            CollectTransforms.conform(raw, cfg.emailSalt()),
            new CollectTransforms.Rules(
                cfg.maxClockSkewMinutes(),
                cfg.maxStringLength(),
                cfg.maxPrice(),
                cfg.maxQuantity()));
    Dataset<Row> classified =
        CollectTransforms.classify(validated, recentlyStoredIds(window.firstKey()))
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
      // Counted apart from the classification (Parquet footers), so a lost or doubled row shows.
      long rawRows = raw.count();
      if (rawRows != read) {
        throw new IllegalStateException(
            "collect invariant broken: read %d raw rows but classified %d (accepted %d + quarantined %d + duplicates %d)"
                .formatted(rawRows, read, accepted, quarantined, duplicates));
      }

      String dates =
          window.keySet().stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "));
      long writtenQuarantine =
          tables.replaceWhere(
              CollectTransforms.quarantined(
                  classified, Date.valueOf(run.runDate()), run.runId(), Timestamp.from(run.now())),
              Tables.QUARANTINE,
              "source = 'events' AND event_date IN (" + dates + ")");
      checkEqual("quarantine", quarantined, writtenQuarantine);
      double rejectRate = read == 0 ? 0 : (double) quarantined / read;
      if (rejectRate > cfg.maxRejectRate()) {
        throw new CollectRejectedException(
            "collect.max-reject-rate exceeded: %.2f%% of %d rows quarantined (limit %.2f%%), by reason %s; the rows are in quarantine, events were not written"
                .formatted(100 * rejectRate, read, 100 * cfg.maxRejectRate(), reasons));
      }
      long writtenEvents =
          tables.replaceWhere(
              CollectTransforms.accepted(classified, run.runId()),
              Tables.EVENTS,
              "event_date IN (" + dates + ")");
      checkEqual("events", accepted, writtenEvents);
      return new Result(
          List.copyOf(window.keySet()),
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

  /** Ids stored in the dedupe horizon before the window: a tracker's retry must not count twice. */
  private Dataset<Row> recentlyStoredIds(LocalDate windowStart) {
    if (!tables.exists(Tables.EVENTS)) {
      return spark.emptyDataFrame().withColumn(RawEvents.EVENT_ID, lit(null).cast("string"));
    }
    return tables
        .read(Tables.EVENTS)
        .where(
            col("event_date")
                .geq(lit(Date.valueOf(windowStart.minusDays(cfg.dedupeDays()))))
                .and(col("event_date").lt(lit(Date.valueOf(windowStart)))))
        .select(RawEvents.EVENT_ID);
  }

  /** Writes the products table from the catalog snapshot; returns {products, rejected}. */
  private long[] collectCatalog(RunContext run) {
    Dataset<Row> catalog = RawEventReader.readCatalog(spark, paths.catalog(), RawCatalog.SCHEMA);
    Dataset<Row> checked =
        CollectTransforms.catalogWithReason(catalog).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> valid =
          checked
              .where(col(CollectTransforms.REASON).isNull())
              .withColumn("snapshot_date", lit(Date.valueOf(run.runDate())));
      long products = tables.overwrite(valid, Tables.PRODUCTS);
      Dataset<Row> rejects =
          checked
              .where(col(CollectTransforms.REASON).isNotNull())
              .select(
                  lit(Date.valueOf(run.runDate())).as("event_date"),
                  lit(Date.valueOf(run.runDate())).as("run_date"),
                  lit(run.runId()).as("run_id"),
                  lit("catalog").as("source"),
                  lit(paths.catalog()).as("source_file"),
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
