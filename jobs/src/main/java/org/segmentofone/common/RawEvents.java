package org.segmentofone.common;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The raw event contract (DESIGN §4.1): Parquet under {@code event_date=YYYY-MM-DD} folders. Only
 * event_id, event_time and event_type are required; the rest may be missing and become null.
 */
public final class RawEvents {
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TIME = "event_time";
  public static final String EVENT_TYPE = "event_type";
  public static final String ANONYMOUS_ID = "anonymous_id";
  public static final String USER_ID = "user_id";
  public static final String EMAIL = "email";
  public static final String EMAIL_HASH = "email_hash";
  public static final String SESSION_ID = "session_id";
  public static final String DEVICE_TYPE = "device_type";
  public static final String PRODUCT_ID = "product_id";
  public static final String QUANTITY = "quantity";
  public static final String PRICE = "price";
  public static final String CURRENCY = "currency";
  public static final String ORDER_ID = "order_id";
  public static final String SEARCH_QUERY = "search_query";
  public static final String PLACEMENT = "placement";
  public static final String REC_ID = "rec_id";
  public static final String EXPERIMENT = "experiment";
  public static final String ARM = "arm";
  public static final String CONSENT = "consent_personalization";
  public static final String EVENT_DATE = "event_date";

  /** Columns and types as the contract states them (event_date comes from the folder name). */
  public static final StructType SCHEMA =
      new StructType()
          .add(EVENT_ID, StringType)
          .add(EVENT_TIME, TimestampType)
          .add(EVENT_TYPE, StringType)
          .add(ANONYMOUS_ID, StringType)
          .add(USER_ID, StringType)
          .add(EMAIL, StringType)
          .add(EMAIL_HASH, StringType)
          .add(SESSION_ID, StringType)
          .add(DEVICE_TYPE, StringType)
          .add(PRODUCT_ID, StringType)
          .add(QUANTITY, IntegerType)
          .add(PRICE, DoubleType)
          .add(CURRENCY, StringType)
          .add(ORDER_ID, StringType)
          .add(SEARCH_QUERY, StringType)
          .add(PLACEMENT, StringType)
          .add(REC_ID, StringType)
          .add(EXPERIMENT, StringType)
          .add(ARM, StringType)
          .add(CONSENT, BooleanType);

  public static final List<String> REQUIRED = List.of(EVENT_ID, EVENT_TIME, EVENT_TYPE);

  private RawEvents() {}
}
