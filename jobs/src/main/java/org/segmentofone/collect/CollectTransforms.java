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
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import org.segmentofone.forget.Erasures;

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

  /** Anything shaped like an e-mail address, masked in quarantined raw rows (nested fields too). */
  static final String EMAIL_ADDRESS = "[^\\s\"'@,;:<>{}\\[\\]]+@[^\\s\"'@,;:<>{}\\[\\]]+";

  /** Epoch values from this on are milliseconds (1e11 seconds would be in the year 5138). */
  private static final long EPOCH_MILLIS_FROM = 100_000_000_000L;

  private CollectTransforms() {}

  /**
   * Brings a raw frame to the contract: the raw row as JSON (every column named like an e-mail
   * dropped, the computed hash added), every contract column present (missing → null; names matched
   * without regard to case), types cast where they differ, and a flag per column whose value could
   * not be cast. Extra columns are ignored. Needs {@code event_date} and {@code source_file}
   * already present.
   */
  public static Dataset<Row> conform(Dataset<Row> raw, String emailSalt) {
    List<Column> rawCols = new ArrayList<>();
    for (String c : raw.columns()) {
      boolean emailLike = c.toLowerCase(Locale.ROOT).contains("email");
      if (!emailLike && !c.equals(RawEvents.EVENT_DATE) && !c.equals(SOURCE_FILE)) {
        rawCols.add(col(c));
      }
    }
    Column emailHash = emailHash(raw, emailSalt);
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
      Optional<String> present = column(raw, name);
      if (present.isEmpty()) {
        out.add(lit(null).cast(f.dataType()).as(name));
        out.add(lit(false).as(FAILED_CAST + name));
        continue;
      }
      Column in = col(present.get());
      DataType actual = raw.schema().apply(present.get()).dataType();
      Column value;
      if (name.equals(RawEvents.EVENT_TIME) && actual instanceof NumericType) {
        value = epochTime(in);
      } else if (actual.sameType(f.dataType())) {
        value = in;
      } else {
        value = in.try_cast(f.dataType());
      }
      out.add(value.as(name));
      out.add(in.isNotNull().and(value.isNull()).as(FAILED_CAST + name));
    }
    return raw.select(out.toArray(Column[]::new));
  }

  /**
   * Epoch time as a timestamp: seconds below 1e11, milliseconds below 1e14 (both up to the year
   * 5138); anything else (nanoseconds, NaN, infinities) is null, so the row is quarantined as
   * unparseable rather than failing the run.
   */
  static Column epochTime(Column number) {
    Column epoch = number.try_cast(DataTypes.LongType);
    return when(abs(epoch).lt(EPOCH_MILLIS_FROM), timestamp_seconds(epoch))
        .when(abs(epoch).lt(EPOCH_MILLIS_FROM * 1000), timestamp_millis(epoch));
  }

  /** The frame's column for a contract name, matched without regard to case. */
  static Optional<String> column(Dataset<Row> raw, String name) {
    return Arrays.stream(raw.columns()).filter(c -> c.equalsIgnoreCase(name)).findFirst();
  }

  /**
   * SHA-256 of salt + trimmed lower-case email; a given email_hash is kept (lower-cased) when no
   * raw email is present. The raw email never leaves this expression.
   */
  static Column emailHash(Dataset<Row> raw, String salt) {
    Column fromEmail =
        column(raw, RawEvents.EMAIL)
            .map(c -> when(nonBlank(col(c).cast("string")), hashEmail(col(c).cast("string"), salt)))
            .orElse(lit(null).cast("string"));
    Column given =
        column(raw, RawEvents.EMAIL_HASH)
            .map(c -> when(nonBlank(col(c).cast("string")), lower(trim(col(c).cast("string")))))
            .orElse(lit(null).cast("string"));
    return coalesce(fromEmail, given);
  }

  /** The stored form of an email: SHA-256 (hex) of the salt and the trimmed, lower-case address. */
  public static Column hashEmail(Column email, String salt) {
    return sha2(concat(lit(salt), lower(trim(email))), 256);
  }

  /** The validation rules of collect, in order; the first one broken is the row's reason. */
  public record Rules(
      int maxClockSkewMinutes,
      int maxEventAgeDays,
      int maxStringLength,
      double maxPrice,
      int maxQuantity,
      Instant now) {}

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
                lit(Timestamp.from(rules.now())))
            .plus(expr("make_interval(0, 0, 0, 0, 0, " + rules.maxClockSkewMinutes() + ", 0)"));
    // The oldest acceptable time: this many days before the row's partition day.
    Column earliest =
        date_sub(col(RawEvents.EVENT_DATE), rules.maxEventAgeDays()).cast("timestamp");
    Column noIdentifier =
        nonBlank(col(RawEvents.ANONYMOUS_ID))
            .or(nonBlank(col(RawEvents.USER_ID)))
            .or(nonBlank(col(RawEvents.EMAIL_HASH)))
            .unary_$bang();

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
                .or(col(RawEvents.QUANTITY).lt(0))
                .or(isCartOrPurchase.and(col(RawEvents.QUANTITY).equalTo(0))),
            Reasons.BAD_QUANTITY));
    for (StructField f : RawEvents.SCHEMA.fields()) {
      if (f.dataType().equals(DataTypes.StringType) && !f.name().equals(RawEvents.EMAIL)) {
        ordered.add(
            rule(
                length(col(f.name())).gt(rules.maxStringLength()),
                Reasons.OVERSIZED_FIELD + f.name()));
      }
    }
    // One flat CASE WHEN: the first rule listed that the row breaks wins. (Nested CASEs, one per
    // rule, made the optimizer's work grow steeply with the number of file schemas.)
    Column reason = when(ordered.get(0)[0], ordered.get(0)[1]);
    for (Column[] r : ordered.subList(1, ordered.size())) {
      reason = reason.when(r[0], r[1]);
    }
    // The raw row as JSON is needed only for rows that go to quarantine: built for those alone
    // (the CASE is evaluated per row), so accepted rows carry no JSON through the shuffle.
    return conformed
        .withColumn(REASON, reason)
        .withColumn(RAW_JSON, when(col(REASON).isNotNull(), col(RAW_JSON)));
  }

  /**
   * Classifies validated rows: quarantined (has a reason), duplicate (an event_id seen earlier in
   * the batch, or already stored in {@code storedIds}), or accepted. Within a batch the earliest
   * (event_date, event_time, source_file) copy is kept; a hash of the row breaks remaining ties, so
   * a rerun keeps the same copy.
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
                                    xxhash64(contractColumns())))))
            .join(stored, col(RawEvents.EVENT_ID).equalTo(col("_stored_id")), "left");
    Column status =
        when(col(REASON).isNotNull(), lit(QUARANTINED))
            .when(col("_copy").gt(1).or(col("_stored_id").isNotNull()), lit(DUPLICATE))
            .otherwise(lit(ACCEPTED));
    return withRank.withColumn(STATUS, status).drop("_copy", "_stored_id");
  }

  /**
   * Rows any of whose identifiers {@code forget} erased ({@code erasures.id_hash}) become {@link
   * Erasures#ERASED}: neither stored nor quarantined, only counted.
   */
  public static Dataset<Row> markErased(
      Dataset<Row> classified, Dataset<Row> erasures, String salt) {
    return Erasures.markErased(classified, erasures, salt, "_erased")
        .withColumn(STATUS, when(col("_erased"), lit(Erasures.ERASED)).otherwise(col(STATUS)))
        .drop("_erased");
  }

  /** Accepted rows in the shape of the events table. */
  public static Dataset<Row> accepted(Dataset<Row> classified, String runId) {
    return classified
        .where(col(STATUS).equalTo(ACCEPTED))
        .withColumn("collected_run_id", lit(runId));
  }

  /** Quarantined rows in the shape of the quarantine table. */
  public static Dataset<Row> quarantined(
      Dataset<Row> classified, Date runDate, String runId, Timestamp at) {
    return classified
        .where(col(STATUS).equalTo(QUARANTINED))
        .select(
            lit(runDate).as("run_date"),
            lit(runId).as("run_id"),
            lit("events").as("source"),
            col(SOURCE_FILE).as("source_file"),
            col(REASON).as("reason"),
            regexp_replace(col(RAW_JSON), EMAIL_ADDRESS, "<email>").as("raw"),
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

  /** Every contract column of a conformed row, for a deterministic tie-break between copies. */
  private static Column[] contractColumns() {
    return Arrays.stream(RawEvents.SCHEMA.fieldNames())
        .filter(n -> !n.equals(RawEvents.EMAIL))
        .map(n -> col(n))
        .toArray(Column[]::new);
  }

  static Column nonBlank(Column c) {
    return c.isNotNull().and(length(trim(c)).gt(0));
  }

  private static Column[] rule(Column broken, String reason) {
    return new Column[] {coalesce(broken, lit(false)), lit(reason)};
  }
}
