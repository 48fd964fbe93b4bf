package org.segmentofone.importer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_date;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.segmentofone.common.RawCatalog;
import org.segmentofone.common.RawEvents;

/**
 * The shape every importer produces: the raw event contract's columns, {@code event_date} from the
 * event time, and for rows that cannot become events a reason and the input row as text.
 */
final class ImportRows {
  static final String REASON = "import_reason";
  static final String RAW = "import_raw";

  private ImportRows() {}

  /**
   * Selects the contract from {@code values} (a column per contract name; absent ones are null),
   * with the reject reason (null = an event) and the input row as text.
   */
  static Dataset<Row> staged(
      Dataset<Row> df, Map<String, Column> values, Column reason, Column raw) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : RawEvents.SCHEMA.fields()) {
      Column v = values.getOrDefault(f.name(), lit(null));
      cols.add(v.cast(f.dataType()).as(f.name()));
    }
    cols.add(reason.cast("string").as(REASON));
    cols.add(raw.cast("string").as(RAW));
    Dataset<Row> out = df.select(cols.toArray(Column[]::new));
    return out.withColumn(RawEvents.EVENT_DATE, to_date(col(RawEvents.EVENT_TIME)));
  }

  /** The rows that became events, in the raw contract. */
  static Dataset<Row> events(Dataset<Row> staged) {
    return staged.where(col(REASON).isNull()).drop(REASON, RAW);
  }

  /** The rows that did not, with their reason; e-mail addresses in the text are masked. */
  static Dataset<Row> rejected(Dataset<Row> staged) {
    return staged
        .where(col(REASON).isNotNull())
        .select(
            col(REASON).as("reason"),
            regexp_replace(col(RAW), "[^\\s\"'@,;<>]+@[^\\s\"'@,;<>]+", "<email>").as("raw"));
  }

  /** A catalog frame in the snapshot contract from the columns given (absent ones null). */
  static Dataset<Row> catalog(Dataset<Row> df, Map<String, Column> values) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : RawCatalog.SCHEMA.fields()) {
      cols.add(values.getOrDefault(f.name(), lit(null)).cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }
}
