package org.segmentofone.collect;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.RawEvents;

/** Pure transforms of collect: conform raw rows to the contract, validate, hash, deduplicate. */
public final class CollectTransforms {
  /** Status of a row after classification. */
  public static final String ACCEPTED = "accepted";

  public static final String QUARANTINED = "quarantined";
  public static final String DUPLICATE = "duplicate";

  static final String REASON = "reason";
  static final String STATUS = "status";
  static final String RAW_JSON = "raw";
  static final String SOURCE_FILE = "source_file";
  private static final String FAILED_CAST = "_cast_failed_";

  /** Epoch values from this on are milliseconds (1e11 seconds would be in the year 5138). */
  private static final long EPOCH_MILLIS_FROM = 100_000_000_000L;

  private CollectTransforms() {}

  /**
   * Brings a raw frame to the contract: the raw row as JSON (email replaced by its hash), every
   * contract column present (missing → null), types cast where they differ, and a flag per column
   * whose value could not be cast. Extra columns are ignored. Needs {@code event_date} and {@code
   * source_file} already present.
   */
  public static Dataset<Row> conform(Dataset<Row> raw, String emailSalt) {
    List<String> have = List.of(raw.columns());
    List<Column> rawCols = new ArrayList<>();
    for (String c : raw.columns()) {
      if (!c.equals(RawEvents.EMAIL) && !c.equals(RawEvents.EVENT_DATE) && !c.equals(SOURCE_FILE)) {
        rawCols.add(col(c));
      }
    }
    Column emailHash = emailHash(have, emailSalt);
    rawCols.add(emailHash.as("email_hash_computed"));
    List<Column> out = new ArrayList<>();
    out.add(to_json(struct(rawCols.toArray(Column[]::new))).as(RAW_JSON));
    out.add(col(RawEvents.EVENT_DATE).cast(DataTypes.DateType).as(RawEvents.EVENT_DATE));
    out.add(col(SOURCE_FILE));
    for (StructField f : RawEvents.SCHEMA.fields()) {
      String name = f.name();
      if (name.equals(RawEvents.EMAIL)) {
        continue;
      }
      if (name.equals(RawEvents.EMAIL_HASH)) {
        out.add(emailHash.as(RawEvents.EMAIL_HASH));
        out.add(lit(false).as(FAILED_CAST + name));
        continue;
      }
      if (!have.contains(name)) {
        out.add(lit(null).cast(f.dataType()).as(name));
        out.add(lit(false).as(FAILED_CAST + name));
        continue;
      }
      DataType actual = raw.schema().apply(name).dataType();
      if (name.equals(RawEvents.EVENT_TIME) && actual instanceof NumericType) {
        // Epoch time: seconds, or milliseconds when the value is too large to be seconds.
        Column epoch = col(name).cast(DataTypes.LongType);
        out.add(
            when(abs(epoch).geq(EPOCH_MILLIS_FROM), timestamp_millis(epoch))
                .otherwise(timestamp_seconds(epoch))
                .as(name));
        out.add(col(name).isNotNull().and(epoch.isNull()).as(FAILED_CAST + name));
        continue;
      }
      if (actual.sameType(f.dataType())) {
        out.add(col(name));
        out.add(lit(false).as(FAILED_CAST + name));
      } else {
        Column cast = col(name).try_cast(f.dataType());
        out.add(cast.as(name));
        out.add(col(name).isNotNull().and(cast.isNull()).as(FAILED_CAST + name));
      }
    }
    return raw.select(out.toArray(Column[]::new));
  }

  /**
   * SHA-256 of salt + trimmed lower-case email; a given email_hash is kept (lower-cased) when no
   * raw email is present. The raw email never leaves this expression.
   */
  static Column emailHash(List<String> have, String salt) {
    Column fromEmail =
        have.contains(RawEvents.EMAIL)
            ? when(
                nonBlank(col(RawEvents.EMAIL).cast("string")),
                sha2(concat(lit(salt), lower(trim(col(RawEvents.EMAIL).cast("string")))), 256))
            : lit(null).cast("string");
    Column given =
        have.contains(RawEvents.EMAIL_HASH)
            ? when(
                nonBlank(col(RawEvents.EMAIL_HASH).cast("string")),
                lower(trim(col(RawEvents.EMAIL_HASH).cast("string"))))
            : lit(null).cast("string");
    return coalesce(fromEmail, given);
  }

  /** The validation rules of collect, in order; the first one broken is the row's reason. */
  public record Rules(
      int maxClockSkewMinutes,
      int maxEventAgeDays,
      int maxStringLength,
      double maxPrice,
      int maxQuantity,
      java.time.Instant now) {}

  /** Adds {@code reason}: null for a valid row, else the first rule it breaks. */
  public static Dataset<Row> validate(Dataset<Row> conformed, Rules rules) {
    Column type = col(RawEvents.EVENT_TYPE);
    Column isProductEvent = type.isin(EventTypes.PRODUCT_EVENTS.toArray());
    Column isCartOrPurchase =
        type.isin(EventTypes.ADD_TO_CART, EventTypes.REMOVE_FROM_CART, EventTypes.PURCHASE);
    // The newest acceptable time: the end of the row's partition day, or now when that is
    // earlier, plus the allowed clock skew.
    Column latest =
        least(
                date_add(col(RawEvents.EVENT_DATE), 1).cast("timestamp"),
                lit(java.sql.Timestamp.from(rules.now())))
            .plus(expr("make_interval(0, 0, 0, 0, 0, " + rules.maxClockSkewMinutes() + ", 0)"));
    // The oldest acceptable time: this many days before the row's partition day.
    Column earliest =
        date_sub(col(RawEvents.EVENT_DATE), rules.maxEventAgeDays()).cast("timestamp");
    Column noIdentifier =
        nonBlank(col(RawEvents.ANONYMOUS_ID))
            .or(nonBlank(col(RawEvents.USER_ID)))
            .or(nonBlank(col(RawEvents.EMAIL_HASH)))
            .unary_$bang();

    Column reason = lit(null).cast("string");
    // Built back to front so the first rule listed wins.
    List<Column[]> ordered = new ArrayList<>();
    ordered.add(rule(nonBlank(col(RawEvents.EVENT_ID)).unary_$bang(), Reasons.MISSING_EVENT_ID));
    ordered.add(rule(nonBlank(type).unary_$bang(), Reasons.MISSING_EVENT_TYPE));
    ordered.add(
        rule(type.isin(EventTypes.ALL.toArray()).unary_$bang(), Reasons.UNKNOWN_EVENT_TYPE));
    for (StructField f : RawEvents.SCHEMA.fields()) {
      if (List.of(conformed.columns()).contains(FAILED_CAST + f.name())) {
        ordered.add(
            rule(
                col(FAILED_CAST + f.name()),
                f.name().equals(RawEvents.EVENT_TIME)
                    ? Reasons.UNPARSEABLE_EVENT_TIME
                    : Reasons.WRONG_TYPE + f.name()));
      }
    }
    ordered.add(rule(col(RawEvents.EVENT_TIME).isNull(), Reasons.MISSING_EVENT_TIME));
    ordered.add(rule(col(RawEvents.EVENT_TIME).gt(latest), Reasons.FUTURE_EVENT_TIME));
    ordered.add(rule(col(RawEvents.EVENT_TIME).lt(earliest), Reasons.STALE_EVENT_TIME));
    ordered.add(rule(noIdentifier, Reasons.NO_IDENTIFIER));
    ordered.add(
        rule(
            isProductEvent.and(nonBlank(col(RawEvents.PRODUCT_ID)).unary_$bang()),
            Reasons.MISSING_PRODUCT_ID));
    ordered.add(
        rule(
            type.equalTo(EventTypes.PURCHASE).and(nonBlank(col(RawEvents.ORDER_ID)).unary_$bang()),
            Reasons.MISSING_ORDER_ID));
    ordered.add(rule(col(RawEvents.PRICE).lt(0), Reasons.NEGATIVE_PRICE));
    ordered.add(rule(col(RawEvents.PRICE).gt(rules.maxPrice()), Reasons.ABSURD_PRICE));
    ordered.add(
        rule(
            col(RawEvents.QUANTITY)
                .gt(rules.maxQuantity())
                .or(isCartOrPurchase.and(col(RawEvents.QUANTITY).leq(0))),
            Reasons.BAD_QUANTITY));
    for (StructField f : RawEvents.SCHEMA.fields()) {
      if (f.dataType().equals(DataTypes.StringType) && !f.name().equals(RawEvents.EMAIL)) {
        ordered.add(
            rule(
                length(col(f.name())).gt(rules.maxStringLength()),
                Reasons.OVERSIZED_FIELD + f.name()));
      }
    }
    for (int i = ordered.size() - 1; i >= 0; i--) {
      reason = when(ordered.get(i)[0], ordered.get(i)[1]).otherwise(reason);
    }
    return conformed.withColumn(REASON, reason);
  }

  /**
   * Classifies validated rows: quarantined (has a reason), duplicate (an event_id seen earlier in
   * the batch, or already stored in {@code storedIds}), or accepted. Within a batch the earliest
   * (event_date, event_time, source_file) copy is kept; the raw row breaks remaining ties, so a
   * rerun keeps the same copy.
   */
  public static Dataset<Row> classify(Dataset<Row> validated, Dataset<Row> storedIds) {
    Dataset<Row> stored = storedIds.select(col(RawEvents.EVENT_ID).as("_stored_id")).distinct();
    Column valid = col(REASON).isNull();
    Dataset<Row> withRank =
        validated
            .withColumn(
                "_copy",
                when(
                    valid,
                    row_number()
                        .over(
                            Window.partitionBy(col(RawEvents.EVENT_ID), valid)
                                .orderBy(
                                    col(RawEvents.EVENT_DATE),
                                    col(RawEvents.EVENT_TIME),
                                    col(SOURCE_FILE),
                                    col(RAW_JSON)))))
            .join(stored, col(RawEvents.EVENT_ID).equalTo(col("_stored_id")), "left");
    Column status =
        when(col(REASON).isNotNull(), lit(QUARANTINED))
            .when(col("_copy").gt(1).or(col("_stored_id").isNotNull()), lit(DUPLICATE))
            .otherwise(lit(ACCEPTED));
    return withRank.withColumn(STATUS, status).drop("_copy", "_stored_id");
  }

  /** Accepted rows in the shape of the events table. */
  public static Dataset<Row> accepted(Dataset<Row> classified, String runId) {
    return classified
        .where(col(STATUS).equalTo(ACCEPTED))
        .withColumn("collected_run_id", lit(runId));
  }

  /** Quarantined rows in the shape of the quarantine table. */
  public static Dataset<Row> quarantined(
      Dataset<Row> classified, java.sql.Date runDate, String runId, java.sql.Timestamp at) {
    return classified
        .where(col(STATUS).equalTo(QUARANTINED))
        .select(
            lit(runDate).as("run_date"),
            lit(runId).as("run_id"),
            lit("events").as("source"),
            col(SOURCE_FILE).as("source_file"),
            col(REASON).as("reason"),
            col(RAW_JSON).as("raw"),
            col(RawEvents.EVENT_ID).as("event_id"),
            col(RawEvents.EVENT_DATE).as("event_date"),
            lit(at).as("quarantined_at"));
  }

  /**
   * The catalog snapshot as the products table plus its rejects: rows without a product_id or with
   * a negative price are quarantined, and so are repeats of a product_id (the newest created_at,
   * then the smallest title, is kept).
   */
  public static Dataset<Row> catalogWithReason(Dataset<Row> catalog) {
    Column copy =
        row_number()
            .over(
                Window.partitionBy(col("product_id"))
                    .orderBy(
                        col("created_at").desc_nulls_last(),
                        col("title").asc_nulls_last(),
                        col("brand")));
    Column reason =
        when(nonBlank(col("product_id")).unary_$bang(), lit(Reasons.CATALOG_MISSING_PRODUCT_ID))
            .when(col("price").lt(0), lit(Reasons.CATALOG_NEGATIVE_PRICE))
            .when(copy.gt(1), lit(Reasons.CATALOG_DUPLICATE_PRODUCT_ID));
    return catalog
        .withColumn(REASON, reason)
        .withColumn("top_category", trim(element_at(split(col("category"), ">"), 1)))
        .withColumn(
            RAW_JSON,
            to_json(
                struct(
                    java.util.Arrays.stream(catalog.columns())
                        .map(c -> col(c))
                        .toArray(Column[]::new))));
  }

  static Column nonBlank(Column c) {
    return c.isNotNull().and(length(trim(c)).gt(0));
  }

  private static Column[] rule(Column broken, String reason) {
    return new Column[] {coalesce(broken, lit(false)), lit(reason)};
  }
}
