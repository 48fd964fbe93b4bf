package org.segmentofone.common;

import java.util.Set;

/** The event types of the raw contract (DESIGN §4.1), named as the tracker sends them. */
public final class EventTypes {
  public static final String PRODUCT_VIEW = "product_view";
  public static final String SEARCH = "search";
  public static final String ADD_TO_CART = "add_to_cart";
  public static final String REMOVE_FROM_CART = "remove_from_cart";
  public static final String PURCHASE = "purchase";
  public static final String IDENTIFY = "identify";
  public static final String REC_IMPRESSION = "rec_impression";
  public static final String REC_CLICK = "rec_click";

  public static final Set<String> ALL =
      Set.of(
          PRODUCT_VIEW,
          SEARCH,
          ADD_TO_CART,
          REMOVE_FROM_CART,
          PURCHASE,
          IDENTIFY,
          REC_IMPRESSION,
          REC_CLICK);

  /** Types that are about one product and must carry a product_id. */
  public static final Set<String> PRODUCT_EVENTS =
      Set.of(PRODUCT_VIEW, ADD_TO_CART, REMOVE_FROM_CART, PURCHASE, REC_CLICK);

  private EventTypes() {}
}
