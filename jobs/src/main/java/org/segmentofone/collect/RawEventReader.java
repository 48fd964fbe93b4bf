package org.segmentofone.collect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.common.RawEvents;

/** Reads raw input with clear errors naming the folder or file that cannot be read. */
final class RawEventReader {
  private RawEventReader() {}

  /**
   * The raw rows of the given files, conformed to the contract: one Spark read per distinct file
   * schema (so a day whose tracker sent price as a string does not clash with a day that sent a
   * double), each conformed on its own, then unioned. {@code event_date} comes from the folder name
   * and {@code source_file} from the file.
   */
  static Dataset<Row> readConformed(
      SparkSession spark, List<RawFiles.Footer> footers, String emailSalt) {
    Map<String, List<String>> bySchema = new LinkedHashMap<>();
    for (RawFiles.Footer f : footers) {
      bySchema.computeIfAbsent(f.schema(), k -> new ArrayList<>()).add(f.file().path());
    }
    if (bySchema.isEmpty()) {
      // Empty partition folders: an empty frame, so their dates are still replaced (emptied).
      StructType empty =
          RawEvents.SCHEMA
              .add(RawEvents.EVENT_DATE, DataTypes.DateType)
              .add(CollectTransforms.SOURCE_FILE, DataTypes.StringType);
      return CollectTransforms.conform(spark.createDataFrame(List.of(), empty), emailSalt);
    }
    Dataset<Row> all = null;
    for (List<String> paths : bySchema.values()) {
      Dataset<Row> conformed = CollectTransforms.conform(readGroup(spark, paths), emailSalt);
      all = all == null ? conformed : all.unionByName(conformed);
    }
    return all;
  }

  private static Dataset<Row> readGroup(SparkSession spark, List<String> paths) {
    Dataset<Row> df;
    try {
      df =
          spark
              .read()
              .parquet(paths.toArray(String[]::new))
              .withColumn(CollectTransforms.SOURCE_FILE, col("_metadata.file_path"));
    } catch (RuntimeException e) {
      throw new RawInputException("cannot read raw files " + describe(paths) + ": " + e, e);
    }
    checkCastable(df, paths);
    return df.withColumn(
        RawEvents.EVENT_DATE,
        regexp_extract(
                col(CollectTransforms.SOURCE_FILE), "event_date=([0-9]{4}-[0-9]{2}-[0-9]{2})", 1)
            .cast("date"));
  }

  /**
   * Every contract column the files carry must be castable to its contract type (a struct where a
   * price belongs is not a row-level problem: the whole file is wrong).
   */
  private static void checkCastable(Dataset<Row> df, List<String> paths) {
    for (StructField f : RawEvents.SCHEMA.fields()) {
      if (!List.of(df.columns()).contains(f.name())) {
        continue;
      }
      DataType actual = df.schema().apply(f.name()).dataType();
      if (f.name().equals(RawEvents.EVENT_TIME) && actual instanceof NumericType) {
        continue; // epoch seconds or milliseconds, converted in conform
      }
      try {
        df.select(col(f.name()).try_cast(f.dataType()));
      } catch (Exception e) { // Spark's AnalysisException is checked but not declared
        if (!(e instanceof AnalysisException) && !(e instanceof IllegalArgumentException)) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        throw new RawInputException(
            "raw files %s have column %s of type %s, which cannot be cast to the contract's %s"
                .formatted(
                    describe(paths), f.name(), actual.simpleString(), f.dataType().simpleString()),
            e);
      }
    }
  }

  private static String describe(List<String> paths) {
    if (paths.size() <= 3) {
      return String.join(", ", paths);
    }
    return String.join(", ", paths.subList(0, 3)) + " and " + (paths.size() - 3) + " more";
  }

  /** The catalog snapshot, with missing optional columns as nulls and types cast. */
  static Dataset<Row> readCatalog(SparkSession spark, String path, StructType contract) {
    Dataset<Row> df;
    try {
      df = spark.read().parquet(path);
    } catch (RuntimeException e) {
      throw new RawInputException("cannot read the catalog at " + path + ": " + e.getMessage(), e);
    }
    if (!List.of(df.columns()).contains("product_id")) {
      throw new RawInputException("the catalog at " + path + " has no product_id column");
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
