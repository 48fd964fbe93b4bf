package org.segmentofone.collect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RawCatalog;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;

/**
 * Loads the catalog snapshot of a run date into {@code products} (its rejects into {@code
 * quarantine}). The latest snapshot wins: a rerun of an older date never replaces a newer one.
 */
final class CatalogLoader {
  private final SparkSession spark;
  private final PathsConfig paths;
  private final DeltaTables tables;

  /** Rows written (products, rejects) and the snapshot date now in {@code products}. */
  record Loaded(long products, long rejected, LocalDate snapshot, boolean keptNewer) {}

  CatalogLoader(SparkSession spark, PathsConfig paths, DeltaTables tables) {
    this.spark = spark;
    this.paths = paths;
    this.tables = tables;
  }

  Loaded load(RunContext run) {
    RawPartitions.Snapshot snapshot =
        RawPartitions.catalogSnapshot(spark, paths.catalog(), run.runDate());
    if (tables.exists(Tables.PRODUCTS)) {
      Row current = tables.read(Tables.PRODUCTS).agg(max("snapshot_date")).head();
      if (!current.isNullAt(0) && current.getDate(0).toLocalDate().isAfter(snapshot.date())) {
        return new Loaded(0, 0, current.getDate(0).toLocalDate(), true);
      }
    }
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
      return new Loaded(products, rejected, snapshot.date(), false);
    } finally {
      checked.unpersist();
    }
  }
}
