package org.segmentofone.importer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.RawEvents;
import org.segmentofone.common.RunContext;

/**
 * {@code import}: reads one export format and writes the raw contract under the output folder —
 * {@code raw/events} (Parquet by event_date), {@code raw/catalog}, and {@code rejected} (JSON
 * lines: the input rows that could not become events, each with its reason). Re-running replaces
 * the output.
 */
public final class ImportJob implements Job<ImportJob.Result> {
  private final SparkSession spark;
  private final ImportConfig cfg;

  /** What was read and written; input rows = events + rejected (an order line each). */
  public record Result(
      ImportFormat format,
      String output,
      long events,
      Map<String, Long> rejected,
      long products,
      LocalDate firstDate,
      LocalDate lastDate)
      implements JobResult {
    @Override
    public long rowsIn() {
      return events + rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long rowsOut() {
      return events;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("raw/events", events);
      m.put("raw/catalog", products);
      m.put("rejected", rowsIn() - events);
      return m;
    }

    @Override
    public Map<String, Long> metrics() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("events", events);
      rejected.forEach((r, n) -> m.put("rejected:" + r, n));
      return m;
    }

    /** Days from the first to the last event: the backfill collect needs to read them all. */
    public long spanDays() {
      return firstDate == null ? 1 : ChronoUnit.DAYS.between(firstDate, lastDate) + 1;
    }

    @Override
    public String message() {
      return ("imported %s: %d events from %s to %s, %d products, rejected %s (see %s/rejected);"
              + " run the pipeline on it with: bin/segment-of-one nightly --run-date %s"
              + " --set paths.raw-events=%s/raw/events --set paths.catalog=%s/raw/catalog"
              + " --set paths.warehouse=%s/warehouse --set paths.checkpoint=%s/warehouse/_checkpoints"
              + " --set collect.initial-backfill-days=%d")
          .formatted(
              format.cliName(),
              events,
              firstDate,
              lastDate,
              products,
              rejected,
              output,
              lastDate,
              output,
              output,
              output,
              output,
              spanDays());
    }
  }

  public ImportJob(SparkSession spark, ImportConfig cfg) {
    this.spark = spark;
    this.cfg = cfg;
  }

  @Override
  public String stage() {
    return "import";
  }

  @Override
  public Result run(RunContext run) {
    ImportFormat format = cfg.checkedFormat();
    InputFiles.requireExists(spark, cfg.input());
    Imported imported = read(format);
    Dataset<Row> staged = imported.staged().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> rejected = new TreeMap<>();
      long events = 0;
      LocalDate first = null;
      LocalDate last = null;
      // One row per reject reason: a handful.
      for (Row r :
          staged
              .groupBy(ImportRows.REASON)
              .agg(count(lit(1)), min(RawEvents.EVENT_DATE), max(RawEvents.EVENT_DATE))
              .collectAsList()) {
        if (r.isNullAt(0)) {
          events = r.getLong(1);
          first = r.isNullAt(2) ? null : r.getDate(2).toLocalDate();
          last = r.isNullAt(3) ? null : r.getDate(3).toLocalDate();
        } else {
          rejected.put(r.getString(0), r.getLong(1));
        }
      }
      String out = cfg.output();
      ImportRows.events(staged)
          .repartition(col(RawEvents.EVENT_DATE))
          .sortWithinPartitions(RawEvents.EVENT_TIME)
          .write()
          .mode(SaveMode.Overwrite)
          .partitionBy(RawEvents.EVENT_DATE)
          .parquet(out + "/raw/events");
      ImportRows.rejected(staged)
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .json(out + "/rejected");
      imported.catalog().coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/raw/catalog");
      // Footer counts: no scan of the data.
      long products = spark.read().parquet(out + "/raw/catalog").count();
      return new Result(format, out, events, rejected, products, first, last);
    } finally {
      staged.unpersist();
    }
  }

  private Imported read(ImportFormat format) {
    String in = cfg.input();
    return switch (format) {
      case SEGMENT -> {
        Dataset<Row> calls = SegmentImport.read(spark, in);
        yield new Imported(SegmentImport.toEvents(calls), SegmentImport.toCatalog(calls));
      }
      case MOVIELENS -> MovieLensImport.read(spark, in, cfg.minPurchaseRating());
      case AMAZON_SEQ -> {
        Dataset<Row> staged =
            SequenceImports.amazonSeq(
                spark.read().text(in), cfg.sequenceEndDate(), cfg.sequenceSpacingHours());
        yield new Imported(staged, MovieLensImport.catalogFromEvents(ImportRows.events(staged)));
      }
      case GROCERIES -> {
        Dataset<Row> rows = spark.read().option("header", "true").csv(in);
        yield new Imported(SequenceImports.groceries(rows), SequenceImports.groceriesCatalog(rows));
      }
      case DIGINETICA -> {
        Dataset<Row> staged =
            SequenceImports.diginetica(
                spark.read().option("header", "true").option("sep", ";").csv(in));
        yield new Imported(staged, MovieLensImport.catalogFromEvents(ImportRows.events(staged)));
      }
    };
  }
}
