package org.segmentofone.collect;

/** Quarantine reasons: one per rejected row, the first rule it breaks. Stable strings. */
public final class Reasons {
  public static final String MISSING_EVENT_ID = "missing_event_id";
  public static final String MISSING_EVENT_TYPE = "missing_event_type";
  public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
  public static final String WRONG_TYPE = "wrong_type:"; // + column name
  public static final String MISSING_EVENT_TIME = "missing_event_time";
  public static final String UNPARSEABLE_EVENT_TIME = "unparseable_event_time";
  public static final String FUTURE_EVENT_TIME = "future_event_time";
  public static final String STALE_EVENT_TIME = "stale_event_time";
  public static final String NO_IDENTIFIER = "no_identifier";
  public static final String MISSING_PRODUCT_ID = "missing_product_id";
  public static final String MISSING_ORDER_ID = "purchase_without_order_id";
  public static final String NEGATIVE_PRICE = "negative_price";
  public static final String ABSURD_PRICE = "absurd_price";
  public static final String BAD_QUANTITY = "bad_quantity";
  public static final String OVERSIZED_FIELD = "oversized_field:"; // + column name
  public static final String CATALOG_MISSING_PRODUCT_ID = "catalog_missing_product_id";
  public static final String CATALOG_NEGATIVE_PRICE = "catalog_negative_price";
  public static final String CATALOG_DUPLICATE_PRODUCT_ID = "catalog_duplicate_product_id";

  private Reasons() {}
}
