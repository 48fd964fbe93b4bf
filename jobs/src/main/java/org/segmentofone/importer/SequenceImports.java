package org.segmentofone.importer;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.make_interval;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.RawEvents;

/**
 * The interaction logs without a tracker: Amazon review sequences, Groceries baskets, Diginetica
 * sessions. Each maps to the contract as docs/importers.md describes.
 */
public final class SequenceImports {
  private SequenceImports() {}

  /**
   * {@code user item item ...} per line, oldest first (the S3-Rec preprocessing of Amazon 5-core
   * reviews). A review stands for a purchase; lines carry no times, so item k of n is dated {@code
   * (n - 1 - k) × spacing} hours before noon of {@code endDate}: order kept, last items on the same
   * day for everyone, as a time-based holdout expects.
   */
  public static Dataset<Row> amazonSeq(Dataset<Row> lines, LocalDate endDate, int spacingHours) {
    Timestamp end = Timestamp.from(endDate.atTime(12, 0).toInstant(ZoneOffset.UTC));
    Dataset<Row> parsed =
        lines
            .select(col("value").as("line"), split(trim(col("value")), "\\s+").as("tokens"))
            .where(size(col("tokens")).gt(0).and(element_at(col("tokens"), 1).notEqual("")));
    Dataset<Row> items =
        parsed.select(
            col("line"),
            element_at(col("tokens"), 1).as("user"),
            (size(col("tokens")).minus(1)).as("n"),
            // outer: a user without items still yields one (rejected) row
            posexplode_outer(expr("slice(tokens, 2, greatest(size(tokens) - 1, 1))"))
                .as(new String[] {"pos", "item"}));
    Column hoursBack = col("n").minus(1).minus(col("pos")).multiply(spacingHours);
    Column id = concat_ws(":", lit("az"), col("user"), col("pos").cast("string"));
    Column reason =
        when(col("n").leq(0), lit("user_without_items"))
            .when(col("item").isNull().or(col("item").equalTo("")), lit("missing_item"));
    Map<String, Column> v = new LinkedHashMap<>();
    v.put(RawEvents.EVENT_ID, id);
    v.put(
        RawEvents.EVENT_TIME,
        lit(end)
            .minus(
                make_interval(
                    lit(0), lit(0), lit(0), lit(0), hoursBack.cast("int"), lit(0), lit(0))));
    v.put(RawEvents.EVENT_TYPE, lit(EventTypes.PURCHASE));
    v.put(RawEvents.USER_ID, col("user"));
    v.put(RawEvents.PRODUCT_ID, col("item"));
    v.put(RawEvents.QUANTITY, lit(1));
    v.put(RawEvents.ORDER_ID, id);
    return ImportRows.staged(items, v, reason, col("line"));
  }

  /**
   * Groceries: {@code Member_number,Date(dd-MM-yyyy),itemDescription}. One basket per member and
   * day (its order id); the same item twice in a basket is one purchase with quantity 2; the
   * product id is the description as a slug; the time is noon of the day.
   */
  public static Dataset<Row> groceries(Dataset<Row> rows) {
    Column day = try_to_timestamp(col("Date"), lit("dd-MM-yyyy")).cast(DataTypes.DateType);
    Column slug = regexp_replace(lower(trim(col("itemDescription"))), "[^a-z0-9]+", "-");
    Dataset<Row> lines =
        rows.select(
                col("Member_number").as("member"),
                col("Date").as("date_text"),
                day.as("day"),
                slug.as("item"),
                col("itemDescription").as("title"))
            .groupBy("member", "date_text", "day", "item")
            .agg(count(lit(1)).as("qty"), first("title").as("title"));
    Column order = concat_ws(":", lit("gr"), col("member"), col("date_text"));
    Column reason =
        when(
                col("member").isNull().or(col("item").isNull()).or(col("item").equalTo("")),
                lit("missing_member_or_item"))
            .when(col("day").isNull(), lit("unparseable_date"));
    Map<String, Column> v = new LinkedHashMap<>();
    v.put(RawEvents.EVENT_ID, concat_ws(":", order, col("item")));
    v.put(RawEvents.EVENT_TIME, to_timestamp(concat(col("day").cast("string"), lit(" 12:00:00"))));
    v.put(RawEvents.EVENT_TYPE, lit(EventTypes.PURCHASE));
    v.put(RawEvents.USER_ID, col("member"));
    v.put(RawEvents.PRODUCT_ID, col("item"));
    v.put(RawEvents.QUANTITY, col("qty"));
    v.put(RawEvents.ORDER_ID, order);
    return ImportRows.staged(
        lines,
        v,
        reason,
        concat_ws(",", col("member"), col("date_text"), col("title"), col("qty").cast("string")));
  }

  /** The Groceries catalog: each description once, its slug as the id. */
  public static Dataset<Row> groceriesCatalog(Dataset<Row> rows) {
    Map<String, Column> c = new LinkedHashMap<>();
    c.put("product_id", col("slug"));
    c.put("title", col("title"));
    c.put("category", lit("Groceries"));
    c.put("in_stock", lit(true));
    // Descriptions that differ only in case or punctuation are one product: the smallest names it.
    return ImportRows.catalog(
        rows.select(
                regexp_replace(lower(trim(col("itemDescription"))), "[^a-z0-9]+", "-").as("slug"),
                trim(col("itemDescription")).as("title"))
            .where(col("slug").isNotNull().and(col("slug").notEqual("")))
            .groupBy("slug")
            .agg(org.apache.spark.sql.functions.min("title").as("title")),
        c);
  }

  /**
   * Diginetica views: {@code session_id;user_id;item_id;timeframe;eventdate}. A session stands for
   * a device (anonymous id {@code dg-s<session>}); a user id other than {@code NA} ties the session
   * to a customer; the time is the event date plus the timeframe in milliseconds.
   */
  public static Dataset<Row> diginetica(Dataset<Row> input) {
    // By position: the sample spells the header session_id;user_id;…, the full set sessionId;….
    if (input.columns().length != 5) {
      throw new ConfigException(
          "diginetica input must have 5 columns session_id;user_id;item_id;timeframe;eventdate,"
              + " found "
              + String.join(";", input.columns()));
    }
    Dataset<Row> rows = input.toDF("session_id", "user_id", "item_id", "timeframe", "eventdate");
    Column user =
        when(trim(col("user_id")).isin("NA", ""), lit(null)).otherwise(trim(col("user_id")));
    Column millis =
        when(
            abs(col("timeframe").try_cast(DataTypes.LongType)).lt(100_000_000_000_000L),
            col("timeframe").try_cast(DataTypes.LongType));
    Column day = col("eventdate").try_cast(DataTypes.DateType);
    Column reason =
        when(col("session_id").isNull().or(col("item_id").isNull()), lit("missing_session_or_item"))
            .when(day.isNull().or(millis.isNull()), lit("unparseable_time"));
    Map<String, Column> v = new LinkedHashMap<>();
    v.put(
        RawEvents.EVENT_ID,
        concat_ws(":", lit("dg"), col("session_id"), col("item_id"), col("timeframe")));
    v.put(
        RawEvents.EVENT_TIME,
        expr(
            "timestamp_millis(unix_millis(cast(try_cast(eventdate as date) as timestamp))"
                + " + try_cast(timeframe as bigint))"));
    v.put(RawEvents.EVENT_TYPE, lit(EventTypes.PRODUCT_VIEW));
    v.put(RawEvents.ANONYMOUS_ID, concat(lit("dg-s"), col("session_id")));
    v.put(RawEvents.USER_ID, user);
    v.put(RawEvents.SESSION_ID, col("session_id"));
    v.put(RawEvents.PRODUCT_ID, col("item_id"));
    return ImportRows.staged(
        rows,
        v,
        reason,
        concat_ws(
            ";",
            col("session_id"),
            col("user_id"),
            col("item_id"),
            col("timeframe"),
            col("eventdate")));
  }
}
