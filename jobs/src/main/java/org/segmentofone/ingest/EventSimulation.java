package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.RawEvents;

/**
 * Sessions become raw events (views, carts, purchases, identify, recommendations), then defects.
 */
final class EventSimulation {
  /** Cart probabilities of a page: a staple, a clicked recommendation per arm, any other page. */
  static final double STAPLE_CART = 0.7;

  static final double REC_CART_TREATMENT = 0.35;
  static final double REC_CART_CONTROL = 0.15;
  static final double PAGE_CART = 0.14;

  /** Share of carted items taken out again. */
  static final double REMOVE_RATE = 0.12;

  private static final int AA_IMPRESSION_SEQ = -5;

  private final GenerateConfig cfg;
  private final SeededRandom rnd;
  private final StoreLayout layout;

  EventSimulation(GenerateConfig cfg, StoreLayout layout) {
    this.cfg = cfg;
    this.rnd = new SeededRandom(cfg.seed());
    this.layout = layout;
  }

  /**
   * The raw events of the given sessions, before corruption: the contract's columns plus {@code
   * person_key} (ground truth, dropped before writing the raw logs).
   */
  Dataset<Row> cleanEvents(Dataset<Row> sessions, Dataset<Row> productDim) {
    Dataset<Row> dim = org.apache.spark.sql.functions.broadcast(productDim);
    Dataset<Row> slots = viewSlots(sessions);
    Dataset<Row> withProduct =
        slots.join(
            dim.select(
                col("pidx").as("product"),
                col("consumable").as("p_consumable"),
                col("complement").as("p_complement")),
            "product");
    Dataset<Row> perSlot = withProduct.withColumn("ev", explode(slotEvents())).drop("v");
    Dataset<Row> perSession = sessions.withColumn("ev", explode(sessionEvents()));
    Dataset<Row> all =
        perSlot
            .select(sessions.columns()[0], rest(sessions.columns(), "ev"))
            .unionByName(perSession.select(sessions.columns()[0], rest(sessions.columns(), "ev")));
    Dataset<Row> priced =
        all.join(
            dim.select(col("pidx").as("ev_pidx"), col("price").as("ev_price")),
            col("ev.pidx").equalTo(col("ev_pidx")),
            "left");
    return withContractColumns(priced);
  }

  private static String[] rest(String[] columns, String extra) {
    String[] out = new String[columns.length];
    System.arraycopy(columns, 1, out, 0, columns.length - 1);
    out[columns.length - 1] = extra;
    return out;
  }

  /** One row per product page seen in a session; the last one is the clicked recommendation. */
  private Dataset<Row> viewSlots(Dataset<Row> sessions) {
    Column p = col("person");
    Column s = col("s");
    Column v = col("v");
    Column intent = col("intent");
    Column treatment = col("arm").equalTo("treatment");
    // Treatment recommendations come from the person's favourite leaf; control shows bestsellers.
    Column recLeaf =
        when(treatment, element_at(col("taste"), 1))
            .otherwise(rnd.below(lit(layout.leaves().size()), "ctl", p, s));
    Column recProduct =
        when(treatment, sampleInLeaf(recLeaf, "recpick", p, s, v))
            .otherwise(layout.leafConst(layout.starts(), recLeaf));
    Column staple =
        layout
            .leafConst(layout.starts(), intent)
            .plus(
                pmod(
                    rnd.hash("staplepick", p, intent),
                    layout.leafConst(layout.counts(), intent).cast("long")));
    return sessions
        .withColumn(
            "v",
            explode(
                sequence(
                    lit(0), col("n_views").minus(when(col("clicked"), lit(0)).otherwise(lit(1))))))
        .withColumn("is_rec", col("clicked").and(v.equalTo(col("n_views"))))
        .withColumn(
            "is_staple",
            v.equalTo(0)
                .and(col("staple_visit"))
                .and(layout.leafConst(layout.consumables(), intent).equalTo(1)))
        .withColumn(
            "product",
            when(col("is_rec"), recProduct)
                .when(col("is_staple"), staple)
                .otherwise(sampleInLeaf(intent, "pick", p, s, v))
                .cast("long"));
  }

  private Column slotEvents() {
    Column p = col("person");
    Column s = col("s");
    Column v = col("v");
    Column isRec = col("is_rec");
    Column product = col("product");
    Column treatment = col("arm").equalTo("treatment");
    Column cartProb =
        when(col("is_staple"), lit(STAPLE_CART))
            .when(isRec, when(treatment, lit(REC_CART_TREATMENT)).otherwise(lit(REC_CART_CONTROL)))
            .otherwise(lit(PAGE_CART));
    Column carted = rnd.uniform("cart", p, s, v).lt(cartProb);
    Column removed = carted.and(rnd.uniform("remove", p, s, v).lt(REMOVE_RATE));
    Column bought = carted.and(removed.unary_$bang()).and(col("converts"));
    Column comp = col("p_complement");
    Column compBought = bought.and(comp.isNotNull()).and(rnd.uniform("comp", p, s, v).lt(0.6));
    Column qty =
        when(col("p_consumable"), lit(1).plus(rnd.below(lit(3), "qty", p, s, v))).otherwise(lit(1));
    Column base = v.multiply(45);
    Column checkout = col("n_views").plus(2).multiply(45);
    Column signup =
        bought
            .and(col("logged_in").unary_$bang())
            .and(col("registered").unary_$bang())
            .and(col("signs_up"));
    return array_compact(
        array(
            when(isRec, ev(EventTypes.REC_CLICK, product, base, lit(null), 1)),
            ev(EventTypes.PRODUCT_VIEW, product, base.plus(2), lit(null), 2),
            when(carted, ev(EventTypes.ADD_TO_CART, product, base.plus(20), qty, 3)),
            when(removed, ev(EventTypes.REMOVE_FROM_CART, product, base.plus(30), qty, 4)),
            when(bought, ev(EventTypes.PURCHASE, product, checkout.plus(v), qty, 5)),
            when(compBought, ev(EventTypes.PRODUCT_VIEW, comp, base.plus(25), lit(null), 6)),
            when(compBought, ev(EventTypes.ADD_TO_CART, comp, base.plus(35), lit(1), 7)),
            when(compBought, ev(EventTypes.PURCHASE, comp, checkout.plus(v).plus(20), lit(1), 8)),
            when(
                signup,
                ev(EventTypes.IDENTIFY, lit(null), checkout.plus(60).plus(v), lit(null), 9))));
  }

  private Column sessionEvents() {
    Column none = lit(null);
    return array_compact(
        array(
            when(col("logged_in"), ev(EventTypes.IDENTIFY, none, lit(-10), none, -1)),
            when(
                col("logged_in").unary_$bang().and(col("captures_email")),
                ev(EventTypes.IDENTIFY, none, lit(5), none, -2)),
            when(col("searched"), ev(EventTypes.SEARCH, none, lit(-5), none, -3)),
            when(col("impression"), ev(EventTypes.REC_IMPRESSION, none, lit(-1), none, -4)),
            when(
                col("impression").and(lit(cfg.hasNullExperiment())),
                ev(EventTypes.REC_IMPRESSION, none, lit(-1), none, AA_IMPRESSION_SEQ))));
  }

  /** One generated event; seq makes its id unique within the session (with the slot). */
  private static Column ev(String type, Column product, Column offset, Column qty, int seq) {
    return struct(
        lit(type).as("type"),
        product.cast("long").as("pidx"),
        offset.cast("long").as("offset"),
        qty.cast("int").as("qty"),
        lit(seq).as("seq"));
  }

  private Dataset<Row> withContractColumns(Dataset<Row> all) {
    Column type = col("ev.type");
    Column pidx = col("ev.pidx");
    Column isIdentify = type.equalTo(EventTypes.IDENTIFY);
    Column signupIdentify = isIdentify.and(col("ev.seq").equalTo(9));
    Column captureIdentify = isIdentify.and(col("ev.seq").equalTo(-2));
    Column loginIdentify = isIdentify.and(col("ev.seq").equalTo(-1));
    Column recEvent = type.isin(EventTypes.REC_IMPRESSION, EventTypes.REC_CLICK);
    Column aa = col("ev.seq").equalTo(AA_IMPRESSION_SEQ);
    Column eventTime = timestamp_seconds(col("start_s").plus(col("ev.offset")));
    Column eventKey =
        md5(
            concat_ws(
                ":",
                lit(cfg.seed()),
                col("session_id"),
                col("ev.seq"),
                col("ev.offset"),
                org.apache.spark.sql.functions.coalesce(pidx, lit(-1L))));
    Column eventId =
        concat_ws(
            "-",
            substring(eventKey, 1, 8),
            substring(eventKey, 9, 4),
            substring(eventKey, 13, 4),
            substring(eventKey, 17, 4),
            substring(eventKey, 21, 12));
    Column email =
        when(signupIdentify.or(captureIdentify), col("email_raw"))
            .when(loginIdentify.and(col("login_with_email")), col("email_raw"));
    Column userId = when(col("logged_in").or(signupIdentify), col("user_id"));
    return all.select(
        eventId.as(RawEvents.EVENT_ID),
        eventTime.as(RawEvents.EVENT_TIME),
        type.as(RawEvents.EVENT_TYPE),
        col("anonymous_id").as(RawEvents.ANONYMOUS_ID),
        userId.as(RawEvents.USER_ID),
        email.as(RawEvents.EMAIL),
        col("session_id").as(RawEvents.SESSION_ID),
        col("device_type").as(RawEvents.DEVICE_TYPE),
        when(pidx.isNotNull(), StoreLayout.productId(pidx)).as(RawEvents.PRODUCT_ID),
        col("ev.qty").as(RawEvents.QUANTITY),
        col("ev_price").as(RawEvents.PRICE),
        when(pidx.isNotNull(), lit(StoreGenerator.CURRENCY)).as(RawEvents.CURRENCY),
        when(type.equalTo(EventTypes.PURCHASE), col("order_id")).as(RawEvents.ORDER_ID),
        when(type.equalTo(EventTypes.SEARCH), lower(layout.leafStr(col("intent"), true)))
            .as(RawEvents.SEARCH_QUERY),
        when(recEvent, lit("home")).as(RawEvents.PLACEMENT),
        when(recEvent, col("rec_id")).as(RawEvents.REC_ID),
        when(recEvent, when(aa, lit(cfg.nullExperiment())).otherwise(cfg.experiment().name()))
            .as(RawEvents.EXPERIMENT),
        when(recEvent, when(aa, col("aa_arm")).otherwise(col("arm"))).as(RawEvents.ARM),
        col("consent").as(RawEvents.CONSENT),
        to_date(eventTime).as(RawEvents.EVENT_DATE),
        col("person_key"));
  }

  /**
   * Breaks a share of rows the way real trackers do (the reason collect should give is kept in
   * {@code planted_defect}) and delivers a share twice.
   */
  Dataset<Row> withDefects(Dataset<Row> clean) {
    Column id = col(RawEvents.EVENT_ID);
    Column defective = rnd.uniform("bad", id).lt(cfg.badRowRate());
    Column kind = rnd.below(lit(6), "badkind", id);
    Column isProductEvent = col(RawEvents.EVENT_TYPE).isin(EventTypes.PRODUCT_EVENTS.toArray());
    Column defect =
        when(defective.unary_$bang(), lit(null))
            .when(kind.equalTo(0), lit("missing_event_id"))
            .when(kind.equalTo(1), lit("unknown_event_type"))
            .when(kind.equalTo(2).and(isProductEvent), lit("negative_price"))
            .when(kind.equalTo(3).and(isProductEvent), lit("missing_product_id"))
            .when(kind.equalTo(4), lit("future_event_time"))
            .when(kind.equalTo(5), lit("no_identifier"))
            .otherwise(lit("missing_event_type"));
    Dataset<Row> marked = clean.withColumn("planted_defect", defect);
    Column d = col("planted_defect");
    Dataset<Row> broken =
        marked
            .withColumn(
                RawEvents.EVENT_ID, when(d.equalTo("missing_event_id"), lit(null)).otherwise(id))
            .withColumn(
                RawEvents.EVENT_TYPE,
                when(d.equalTo("unknown_event_type"), lit("page_view_v2"))
                    .when(d.equalTo("missing_event_type"), lit(null))
                    .otherwise(col(RawEvents.EVENT_TYPE)))
            .withColumn(
                RawEvents.PRICE,
                when(d.equalTo("negative_price"), col(RawEvents.PRICE).multiply(-1))
                    .otherwise(col(RawEvents.PRICE)))
            .withColumn(
                RawEvents.PRODUCT_ID,
                when(d.equalTo("missing_product_id"), lit(null))
                    .otherwise(col(RawEvents.PRODUCT_ID)))
            .withColumn(
                RawEvents.EVENT_TIME,
                when(
                        d.equalTo("future_event_time"),
                        timestamp_seconds(
                            col(RawEvents.EVENT_TIME).cast("long").plus(400L * 86_400)))
                    .otherwise(col(RawEvents.EVENT_TIME)))
            .withColumn(
                RawEvents.ANONYMOUS_ID,
                when(d.equalTo("no_identifier"), lit(null)).otherwise(col(RawEvents.ANONYMOUS_ID)))
            .withColumn(
                RawEvents.USER_ID,
                when(d.equalTo("no_identifier"), lit(null)).otherwise(col(RawEvents.USER_ID)))
            .withColumn(
                RawEvents.EMAIL,
                when(d.equalTo("no_identifier"), lit(null)).otherwise(col(RawEvents.EMAIL)));
    Column unknownProduct =
        isProductEvent
            .and(col(RawEvents.PRODUCT_ID).isNotNull())
            .and(rnd.uniform("unknownproduct", id).lt(cfg.unknownProductRate()));
    broken =
        broken.withColumn(
            RawEvents.PRODUCT_ID,
            when(unknownProduct, concat_ws("-", lit("GONE"), col(RawEvents.PRODUCT_ID)))
                .otherwise(col(RawEvents.PRODUCT_ID)));
    Dataset<Row> again =
        broken.where(
            d.isNull().and(rnd.uniform("dup", col(RawEvents.EVENT_ID)).lt(cfg.duplicateRate())));
    return broken.unionByName(again);
  }

  private Column sampleInLeaf(Column leaf, String purpose, Column... keys) {
    Column count = layout.leafConst(layout.counts(), leaf);
    Column u = rnd.uniform(purpose + ":u", keys);
    Column r = floor(pow(u, 2.2).multiply(count)).cast("int");
    // Most picks follow the segment's own bestsellers; the rest follow the global ones.
    Column shift = pmod(rnd.hash("segshift", col("segment"), leaf), count.cast("long")).cast("int");
    Column local =
        when(rnd.uniform(purpose + ":seg", keys).lt(0.65), pmod(r.plus(shift), count)).otherwise(r);
    return layout.leafConst(layout.starts(), leaf).plus(local);
  }
}
