package org.segmentofone.importer;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.RawEvents;

/**
 * Segment / RudderStack e-commerce spec calls, as their S3 or warehouse exports write them:
 * newline-delimited JSON, optionally gzipped. {@code track} calls of the spec's product events and
 * {@code identify} calls become events; an Order Completed becomes one purchase per product.
 */
public final class SegmentImport {
  static final String CORRUPT = "_corrupt_record";

  /** Spec event names (lower case) → contract event types. */
  static final Map<String, String> TRACK_EVENTS =
      Map.of(
          "product viewed", EventTypes.PRODUCT_VIEW,
          "product added", EventTypes.ADD_TO_CART,
          "product removed", EventTypes.REMOVE_FROM_CART,
          "order completed", EventTypes.PURCHASE,
          "products searched", EventTypes.SEARCH,
          "recommendation viewed", EventTypes.REC_IMPRESSION,
          "recommendation clicked", EventTypes.REC_CLICK);

  private static final StructType PRODUCT =
      new StructType()
          .add("product_id", DataTypes.StringType)
          .add("id", DataTypes.StringType)
          .add("sku", DataTypes.StringType)
          .add("name", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("brand", DataTypes.StringType)
          .add("price", DataTypes.StringType)
          .add("quantity", DataTypes.StringType);

  /** What is read of each call; numbers are read as text and cast, since exporters differ. */
  static final StructType SCHEMA =
      new StructType()
          .add("type", DataTypes.StringType)
          .add("event", DataTypes.StringType)
          .add("messageId", DataTypes.StringType)
          .add("anonymousId", DataTypes.StringType)
          .add("userId", DataTypes.StringType)
          .add("timestamp", DataTypes.StringType)
          .add("originalTimestamp", DataTypes.StringType)
          .add("sentAt", DataTypes.StringType)
          .add("receivedAt", DataTypes.StringType)
          .add("traits", new StructType().add("email", DataTypes.StringType))
          .add(
              "context",
              new StructType()
                  .add("traits", new StructType().add("email", DataTypes.StringType))
                  .add("device", new StructType().add("type", DataTypes.StringType))
                  .add("sessionId", DataTypes.StringType)
                  .add(
                      "consent",
                      new StructType()
                          .add(
                              "categoryPreferences",
                              new StructType().add("personalization", DataTypes.StringType))))
          .add(
              "properties",
              PRODUCT
                  .add("currency", DataTypes.StringType)
                  .add("order_id", DataTypes.StringType)
                  .add("query", DataTypes.StringType)
                  .add("products", DataTypes.createArrayType(PRODUCT))
                  .add("rec_id", DataTypes.StringType)
                  .add("placement", DataTypes.StringType)
                  .add("experiment", DataTypes.StringType)
                  .add("arm", DataTypes.StringType))
          .add(CORRUPT, DataTypes.StringType);

  private SegmentImport() {}

  /** Reads the JSON lines under {@code input} (a file, a folder, or a glob). */
  static Dataset<Row> read(SparkSession spark, String input) {
    return spark
        .read()
        .schema(SCHEMA)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("recursiveFileLookup", "true")
        .json(input);
  }

  /** The calls as staged contract rows; one per call, one per product of an order. */
  public static Dataset<Row> toEvents(Dataset<Row> calls) {
    Column kind = lower(trim(col("type")));
    Column name = lower(trim(col("event")));
    Column mapped = lit(null).cast("string");
    for (Map.Entry<String, String> e : TRACK_EVENTS.entrySet()) {
      mapped = when(name.equalTo(e.getKey()), lit(e.getValue())).otherwise(mapped);
    }
    // A product clicked in a recommendation list is a rec click; elsewhere it is not an event.
    mapped =
        when(
                name.equalTo("product clicked").and(col("properties.rec_id").isNotNull()),
                lit(EventTypes.REC_CLICK))
            .otherwise(mapped);
    Column type =
        when(kind.equalTo("identify"), lit(EventTypes.IDENTIFY))
            .when(kind.equalTo("track"), mapped);
    Column time = eventTime();

    Dataset<Row> typed =
        calls
            .withColumn("_type", type)
            .withColumn("_time", time)
            .withColumn(
                "_raw",
                when(col(CORRUPT).isNotNull(), col(CORRUPT))
                    .otherwise(
                        to_json(
                            struct(
                                col("type"),
                                col("event"),
                                col("messageId"),
                                col("timestamp"),
                                col("properties")))));
    Dataset<Row> exploded =
        typed.select(
            col("*"),
            posexplode_outer(
                    when(col("_type").equalTo(EventTypes.PURCHASE), col("properties.products")))
                .as(new String[] {"_pos", "_item"}));

    Column isOrderLine = col("_type").equalTo(EventTypes.PURCHASE).and(col("_pos").isNotNull());
    Column reason =
        when(col(CORRUPT).isNotNull(), lit("malformed_json"))
            .when(
                col("_type").isNull(),
                concat(
                    lit("unmapped:"),
                    coalesce(kind, lit("?")),
                    when(kind.equalTo("track"), concat(lit(":"), col("event"))).otherwise(lit(""))))
            .when(col("_time").isNull(), lit("unparseable_timestamp"));

    Map<String, Column> v = new LinkedHashMap<>();
    v.put(
        RawEvents.EVENT_ID,
        // concat, not concat_ws: a line without messageId keeps a null id (quarantined by collect).
        when(isOrderLine, concat(col("messageId"), lit(":"), col("_pos").cast("string")))
            .otherwise(col("messageId")));
    v.put(RawEvents.EVENT_TIME, col("_time"));
    v.put(RawEvents.EVENT_TYPE, col("_type"));
    v.put(RawEvents.ANONYMOUS_ID, col("anonymousId"));
    v.put(RawEvents.USER_ID, col("userId"));
    v.put(RawEvents.EMAIL, coalesce(col("traits.email"), col("context.traits.email")));
    v.put(RawEvents.SESSION_ID, col("context.sessionId"));
    v.put(RawEvents.DEVICE_TYPE, col("context.device.type"));
    v.put(
        RawEvents.PRODUCT_ID,
        coalesce(
            col("_item.product_id"),
            col("_item.id"),
            col("properties.product_id"),
            col("properties.id")));
    v.put(
        RawEvents.QUANTITY,
        coalesce(col("_item.quantity"), col("properties.quantity"))
            .try_cast(DataTypes.DoubleType)
            .try_cast(DataTypes.IntegerType));
    v.put(
        RawEvents.PRICE,
        coalesce(col("_item.price"), col("properties.price")).try_cast(DataTypes.DoubleType));
    v.put(RawEvents.CURRENCY, col("properties.currency"));
    v.put(RawEvents.ORDER_ID, col("properties.order_id"));
    v.put(RawEvents.SEARCH_QUERY, col("properties.query"));
    v.put(RawEvents.PLACEMENT, col("properties.placement"));
    v.put(RawEvents.REC_ID, col("properties.rec_id"));
    v.put(RawEvents.EXPERIMENT, col("properties.experiment"));
    v.put(RawEvents.ARM, col("properties.arm"));
    v.put(
        RawEvents.CONSENT,
        col("context.consent.categoryPreferences.personalization").try_cast(DataTypes.BooleanType));
    return ImportRows.staged(exploded, v, reason, col("_raw"));
  }

  /**
   * A catalog from what the calls say about each product (name, category, brand, price as last
   * seen); Segment sends no stock level, so every product counts as in stock.
   */
  public static Dataset<Row> toCatalog(Dataset<Row> calls) {
    Dataset<Row> items =
        calls
            .where(col(CORRUPT).isNull())
            .select(
                eventTime().as("t"),
                col("properties").as("p"),
                posexplode_outer(col("properties.products")).as(new String[] {"pos", "i"}))
            .select(
                col("t"),
                coalesce(col("i.product_id"), col("i.id"), col("p.product_id"), col("p.id"))
                    .as("product_id"),
                coalesce(col("i.name"), col("p.name")).as("title"),
                regexp_replace(coalesce(col("i.category"), col("p.category")), "\\s*/\\s*", " > ")
                    .as("category"),
                coalesce(col("i.brand"), col("p.brand")).as("brand"),
                coalesce(col("i.price"), col("p.price")).try_cast(DataTypes.DoubleType).as("price"))
            .where(col("product_id").isNotNull().and(col("t").isNotNull()));
    // Each attribute as last seen where it was given (an Order line may lack the name).
    Dataset<Row> latest =
        items
            .groupBy("product_id")
            .agg(
                lastGiven("title"),
                lastGiven("category"),
                lastGiven("brand"),
                lastGiven("price"),
                min("t").as("first_seen"));
    Map<String, Column> c = new LinkedHashMap<>();
    for (String f : new String[] {"product_id", "title", "category", "brand", "price"}) {
      c.put(f, col(f));
    }
    c.put("in_stock", lit(true));
    c.put("created_at", col("first_seen"));
    return ImportRows.catalog(latest, c);
  }

  /** When the call happened: the first of the spec's times that is given and parses. */
  static Column eventTime() {
    return coalesce(
        col("timestamp").try_cast(DataTypes.TimestampType),
        col("originalTimestamp").try_cast(DataTypes.TimestampType),
        col("sentAt").try_cast(DataTypes.TimestampType),
        col("receivedAt").try_cast(DataTypes.TimestampType));
  }

  private static Column lastGiven(String field) {
    return max_by(col(field), when(col(field).isNotNull(), col("t"))).as(field);
  }
}
