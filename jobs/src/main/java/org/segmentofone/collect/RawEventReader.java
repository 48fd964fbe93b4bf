package org.segmentofone.collect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.common.RawEvents;

/** Reads raw input with clear errors naming the folder or file that cannot be read. */
final class RawEventReader {
  private RawEventReader() {}

  /**
   * The raw rows of the given partition folders, with {@code event_date} taken from the folder name
   * and {@code source_file} from the file. Schemas of different days are merged.
   */
  static Dataset<Row> read(SparkSession spark, String root, Collection<String> folders) {
    Dataset<Row> df;
    try {
      df =
          spark
              .read()
              .option("mergeSchema", "true")
              .parquet(folders.toArray(String[]::new))
              .withColumn("source_file", col("_metadata.file_path"));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot read raw events under " + root + " (folders " + folders + "): " + e.getMessage(),
          e);
    }
    for (String required : RawEvents.REQUIRED) {
      if (!List.of(df.columns()).contains(required)) {
        throw new IllegalStateException(
            "raw events under "
                + root
                + " lack the required column "
                + required
                + " (folders "
                + folders
                + ")");
      }
    }
    return df.withColumn(
        RawEvents.EVENT_DATE,
        regexp_extract(col("source_file"), "event_date=([0-9]{4}-[0-9]{2}-[0-9]{2})", 1)
            .cast("date"));
  }

  /** The catalog snapshot, with missing optional columns as nulls and types cast. */
  static Dataset<Row> readCatalog(SparkSession spark, String path, StructType contract) {
    Dataset<Row> df;
    try {
      df = spark.read().parquet(path);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot read the catalog at " + path + ": " + e.getMessage(), e);
    }
    if (!List.of(df.columns()).contains("product_id")) {
      throw new IllegalStateException("the catalog at " + path + " has no product_id column");
    }
    List<Column> cols = new ArrayList<>();
    for (StructField f : contract.fields()) {
      cols.add(
          List.of(df.columns()).contains(f.name())
              ? col(f.name()).try_cast(f.dataType()).as(f.name())
              : lit(null).cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }
}
