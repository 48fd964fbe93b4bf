package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.initcap;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.RawCatalog;
import org.segmentofone.common.RawEvents;

/**
 * The synthetic store as pure Spark transforms: catalog, persons with latent tastes, sessions,
 * events and the ground truth. Every draw is seeded by (seed, purpose, keys).
 *
 * <p>Behaviour planted for later checks: persons of one taste segment prefer the same leaves and
 * the same items within them (collaborative signal); consumables are re-bought (staples); anchors
 * pull their complement into the cart; registered persons log in on some sessions, guests leave an
 * email or sign up after buying; kiosks are shared by many customers; the treatment arm clicks and
 * converts better than control.
 */
public final class StoreGenerator {
  static final String CURRENCY = "EUR";
  private static final List<String> ADJECTIVES =
      List.of("Classic", "Pro", "Lite", "Max", "Eco", "Mini", "Plus", "Studio", "Go", "Prime");
  private static final int TASTE_POOL = 6;
  private static final double VIEWS_MEAN = 2.5;
  private static final int MAX_VIEWS = 12;
  private static final int MAX_SESSIONS = 250;

  private final GenerateConfig cfg;
  private final SeededRandom rnd;
  private final List<StoreTaxonomy.Leaf> leaves = StoreTaxonomy.leaves();
  private final int[] starts;
  private final long startEpochSecond;

  public StoreGenerator(GenerateConfig cfg) {
    this.cfg = cfg;
    this.rnd = new SeededRandom(cfg.seed());
    this.starts = StoreTaxonomy.leafStarts(cfg.products());
    this.startEpochSecond =
        cfg.endDate().minusDays(cfg.days() - 1L).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  // ---------------------------------------------------------------- catalog

  /**
   * One row per product index with what the simulation needs: leaf, price, consumable flag and
   * planted complement. Small (one row per product), so it is broadcast into the event joins.
   */
  Dataset<Row> productDim(SparkSession spark) {
    Column p = col("pidx");
    int[] compLeaves = IntStream.range(0, leaves.size()).map(StoreTaxonomy::complementOf).toArray();
    Dataset<Row> withLeaf =
        spark
            .range(0, cfg.products(), 1, partitions(cfg.products(), 50_000))
            .withColumnRenamed("id", "pidx")
            .withColumn("leaf", leafOf(p));
    Column leaf = col("leaf");
    Column min =
        leafConstD(leaves.stream().mapToDouble(StoreTaxonomy.Leaf::minPrice).toArray(), leaf);
    Column max =
        leafConstD(leaves.stream().mapToDouble(StoreTaxonomy.Leaf::maxPrice).toArray(), leaf);
    Column raw = min.plus(max.minus(min).multiply(pow(rnd.uniform("price", p), 2)));
    Column compLeaf = leafConst(compLeaves, leaf);
    Column pick =
        pmod(
            rnd.hash("complement", p),
            greatest(lit(1), leafConst(counts(), compLeaf)).cast("long"));
    return withLeaf.select(
        p,
        leaf,
        greatest(lit(0.99), round(raw, 0).minus(0.01)).as("price"),
        leafConst(consumables(), leaf).equalTo(1).as("consumable"),
        when(compLeaf.geq(0), leafConst(starts, compLeaf).plus(pick).cast("long"))
            .as("complement"));
  }

  /** The catalog snapshot in the raw catalog contract. */
  public Dataset<Row> catalog(SparkSession spark) {
    Column p = col("pidx");
    Column leaf = col("leaf");
    Column rank = p.minus(leafConst(starts, leaf));
    Column brands = element_at(brandsByLeaf(), leaf.plus(1));
    Column brand = element_at(brands, rnd.below(functions_size(brands), "brand", p).plus(1));
    Column adjective =
        element_at(
            array(ADJECTIVES.stream().map(a -> lit(a)).toArray(Column[]::new)),
            rnd.below(lit(ADJECTIVES.size()), "adj", p).plus(1));
    Column newArrival = rnd.uniform("new", p).lt(0.06);
    Column ageDays =
        when(newArrival, rnd.below(lit(30), "age", p)).otherwise(rnd.below(lit(720), "age", p));
    long endEpoch = cfg.endDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    return productDim(spark)
        .select(
            productId(p).as("product_id"),
            concat(
                    brand,
                    lit(" "),
                    adjective,
                    lit(" "),
                    leafStr(leaf, true),
                    lit(" "),
                    rank.plus(1))
                .as("title"),
            leafStr(leaf, false).as("category"),
            brand.as("brand"),
            col("price"),
            rnd.uniform("stock", p).geq(0.05).as("in_stock"),
            timestamp_seconds(lit(endEpoch).minus(ageDays.multiply(86_400L))).as("created_at"))
        .select(
            java.util.Arrays.stream(RawCatalog.SCHEMA.fieldNames())
                .map(c -> col(c).cast(RawCatalog.SCHEMA.apply(c).dataType()))
                .toArray(Column[]::new));
  }

  /** Ground truth: each anchor product and the complement shoppers buy with it. */
  public Dataset<Row> complements(SparkSession spark) {
    return productDim(spark)
        .where(col("complement").isNotNull())
        .select(
            productId(col("pidx")).as("product_id"),
            productId(col("complement")).as("complement_id"));
  }

  // ---------------------------------------------------------------- persons

  /** Persons with latent tastes and identifiers; {@code meanSessions} sets the activity. */
  Dataset<Row> persons(SparkSession spark, long count, double meanSessions) {
    Column p = col("person");
    Column segment = rnd.below(lit(cfg.segments()), "segment", p);
    Column[] taste = new Column[3];
    for (int j = 0; j < 3; j++) {
      Column fromSegment =
          pmod(
                  rnd.hash("segleaf", segment, rnd.below(lit(TASTE_POOL), "pick" + j, p)),
                  lit(leaves.size()))
              .cast("int");
      taste[j] =
          when(rnd.uniform("explore" + j, p).lt(0.1), rnd.below(lit(leaves.size()), "any" + j, p))
              .otherwise(fromSegment);
    }
    // 1 + floor(Exp(mu)) has mean 1 + 1/(e^(1/mu) - 1); solve for mu to hit meanSessions.
    double extra = Math.max(meanSessions - 1.0, 1e-6);
    double mu = 1.0 / Math.log(1.0 + 1.0 / extra);
    Column sessions =
        least(lit(MAX_SESSIONS), floor(rnd.exponential(mu, "sessions", p)).cast("int").plus(1));
    Column firstDay = rnd.below(lit(Math.max(1, (int) (cfg.days() * 0.8))), "first", p);
    Column registered = rnd.uniform("registered", p).lt(cfg.registeredShare());
    Column regDay =
        when(rnd.uniform("regday", p).lt(0.5), lit(0))
            .otherwise(firstDay.plus(rnd.below(lit(cfg.days()).minus(firstDay), "regday2", p)));
    Column emailLocal = concat(lit("shopper"), p.cast("string"), lit("@example.com"));
    Column email =
        when(rnd.uniform("emailcase", p).lt(0.2), concat(lit(" "), initcap(emailLocal), lit(" ")))
            .otherwise(emailLocal);
    return spark
        .range(0, count, 1, partitions(count, 1_000))
        .withColumnRenamed("id", "person")
        .select(
            p,
            concat(lit("P"), p.cast("string")).as("person_key"),
            segment.as("segment"),
            array(taste).as("taste"),
            sessions.as("sessions"),
            firstDay.as("first_day"),
            lit(1).plus(rnd.below(lit(cfg.maxDevicesPerPerson()), "devices", p)).as("devices"),
            registered.as("registered"),
            regDay.as("reg_day"),
            format_string("cust-%06d", p.plus(100_000)).as("user_id"),
            email.as("email_raw"),
            rnd.uniform("consent", p).geq(cfg.consentWithdrawnShare()).as("consent"),
            when(
                    rnd.uniform("arm:" + cfg.experiment().salt(), p)
                        .lt(cfg.experiment().treatmentShare()),
                    lit("treatment"))
                .otherwise(lit("control"))
                .as("arm"));
  }

  // ---------------------------------------------------------------- sessions

  /** One row per session with its device, login state, intent and funnel decisions. */
  Dataset<Row> sessions(Dataset<Row> persons) {
    Column p = col("person");
    Column s = col("s");
    Column day =
        col("first_day").plus(rnd.below(lit(cfg.days()).minus(col("first_day")), "day", p, s));
    Column kiosk =
        col("registered")
            .and(lit(cfg.kiosks() > 0))
            .and(rnd.uniform("kiosk", p, s).lt(cfg.kioskSessionShare()));
    Column device = rnd.below(col("devices"), "device", p, s);
    Column anon =
        when(
                kiosk,
                concat(
                    lit("kiosk-"),
                    pmod(rnd.hash("kioskid", p, s), lit(Math.max(1, cfg.kiosks()))).cast("string")))
            .otherwise(concat(lit("anon-"), lower(hex(rnd.hash("anon", p, device)))));
    Column deviceType =
        when(kiosk, lit("kiosk"))
            .otherwise(
                element_at(
                    array(lit("mobile"), lit("desktop"), lit("tablet")),
                    pmod(device, lit(3)).plus(1)));
    Column loggedIn =
        kiosk.or(
            col("registered")
                .and(day.geq(col("reg_day")))
                .and(rnd.uniform("login", p, s).lt(cfg.loginRate())));
    Column u = rnd.uniform("intent", p, s);
    Column intent =
        when(rnd.uniform("wander", p, s).lt(0.1), rnd.below(lit(leaves.size()), "wanderleaf", p, s))
            .when(u.lt(0.6), element_at(col("taste"), 1))
            .when(u.lt(0.9), element_at(col("taste"), 2))
            .otherwise(element_at(col("taste"), 3));
    Column treatment = col("arm").equalTo("treatment");
    Column impression = rnd.uniform("impression", p, s).lt(0.6);
    Column ctr =
        when(treatment, lit(cfg.experiment().treatmentCtr()))
            .otherwise(cfg.experiment().controlCtr());
    Column conversion =
        when(treatment, lit(cfg.conversionRate() * (1 + cfg.experiment().treatmentUplift())))
            .otherwise(lit(cfg.conversionRate()));
    Column sessionKey = lower(hex(rnd.hash("session", p, s)));
    return persons
        .withColumn("s", explode(sequence(lit(0), col("sessions").minus(1))))
        .select(
            col("*"),
            day.as("day"),
            kiosk.as("kiosk"),
            anon.as("anonymous_id"),
            deviceType.as("device_type"),
            loggedIn.as("logged_in"),
            intent.as("intent"),
            least(
                    lit(MAX_VIEWS),
                    floor(rnd.exponential(VIEWS_MEAN, "views", p, s)).cast("int").plus(1))
                .as("n_views"),
            rnd.uniform("search", p, s).lt(0.3).as("searched"),
            impression.as("impression"),
            impression.and(rnd.uniform("click", p, s).lt(ctr)).as("clicked"),
            rnd.uniform("convert", p, s).lt(conversion).as("converts"),
            rnd.uniform("staple", p, s).lt(0.5).as("staple_visit"),
            rnd.uniform("capture", p, s).lt(cfg.emailCaptureRate()).as("captures_email"),
            rnd.uniform("signup", p, s).lt(cfg.postPurchaseSignupRate()).as("signs_up"),
            rnd.uniform("idemail", p, s).lt(0.5).as("login_with_email"),
            lit(startEpochSecond)
                .plus(day.cast("long").multiply(86_400L))
                .plus(lit(7 * 3600L))
                .plus(rnd.below(lit(16 * 3600), "start", p, s))
                .as("start_s"),
            concat(lit("s-"), sessionKey).as("session_id"),
            concat(lit("o-"), sessionKey).as("order_id"),
            concat(lit("r-"), sessionKey).as("rec_id"));
  }

  // ---------------------------------------------------------------- events

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
            .otherwise(rnd.below(lit(leaves.size()), "ctl", p, s));
    Column recProduct =
        when(treatment, sampleInLeaf(recLeaf, "recpick", p, s, v))
            .otherwise(leafConst(starts, recLeaf));
    Column staple =
        leafConst(starts, intent)
            .plus(
                pmod(rnd.hash("staplepick", p, intent), leafConst(counts(), intent).cast("long")));
    return sessions
        .withColumn(
            "v",
            explode(
                sequence(
                    lit(0), col("n_views").minus(when(col("clicked"), lit(0)).otherwise(lit(1))))))
        .withColumn("is_rec", col("clicked").and(v.equalTo(col("n_views"))))
        .withColumn(
            "is_staple",
            v.equalTo(0).and(col("staple_visit")).and(leafConst(consumables(), intent).equalTo(1)))
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
        when(col("is_staple"), lit(0.7))
            .when(isRec, when(treatment, lit(0.35)).otherwise(lit(0.15)))
            .otherwise(lit(0.14));
    Column carted = rnd.uniform("cart", p, s, v).lt(cartProb);
    Column removed = carted.and(rnd.uniform("remove", p, s, v).lt(0.12));
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
            when(col("impression"), ev(EventTypes.REC_IMPRESSION, none, lit(-1), none, -4))));
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
    Column eventTime = timestamp_seconds(col("start_s").plus(col("ev.offset")));
    Column eventKey =
        md5(
            concat_ws(
                ":",
                lit(cfg.seed()),
                col("session_id"),
                col("ev.seq"),
                col("ev.offset"),
                coalesceLong(pidx)));
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
        when(pidx.isNotNull(), productId(pidx)).as(RawEvents.PRODUCT_ID),
        col("ev.qty").as(RawEvents.QUANTITY),
        col("ev_price").as(RawEvents.PRICE),
        when(pidx.isNotNull(), lit(CURRENCY)).as(RawEvents.CURRENCY),
        when(type.equalTo(EventTypes.PURCHASE), col("order_id")).as(RawEvents.ORDER_ID),
        when(type.equalTo(EventTypes.SEARCH), lower(leafStr(col("intent"), true)))
            .as(RawEvents.SEARCH_QUERY),
        when(recEvent, lit("home")).as(RawEvents.PLACEMENT),
        when(recEvent, col("rec_id")).as(RawEvents.REC_ID),
        when(recEvent, lit(cfg.experiment().name())).as(RawEvents.EXPERIMENT),
        when(recEvent, col("arm")).as(RawEvents.ARM),
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
    Dataset<Row> again =
        broken.where(
            d.isNull().and(rnd.uniform("dup", col(RawEvents.EVENT_ID)).lt(cfg.duplicateRate())));
    return broken.unionByName(again);
  }

  // ---------------------------------------------------------------- ground truth

  /** Ground truth: the true person of every identifier (kiosks belong to nobody). */
  Dataset<Row> truthIdentities(Dataset<Row> persons, Dataset<Row> sessions) {
    Dataset<Row> devices =
        sessions
            .where(col("kiosk").unary_$bang())
            .select(
                lit("anonymous_id").as("id_type"),
                col("anonymous_id").as("id_value"),
                col("person_key"))
            .distinct();
    Dataset<Row> users =
        persons.select(
            lit("user_id").as("id_type"), col("user_id").as("id_value"), col("person_key"));
    Dataset<Row> emails =
        persons.select(
            lit("email").as("id_type"),
            lower(functions_trim(col("email_raw"))).as("id_value"),
            col("person_key"));
    return devices.unionByName(users).unionByName(emails);
  }

  /** Ground truth: each person's segment, tastes (category paths), arm and consent. */
  Dataset<Row> truthPersons(Dataset<Row> persons) {
    return persons.select(
        col("person_key"),
        col("segment"),
        array(
                leafStr(element_at(col("taste"), 1), false),
                leafStr(element_at(col("taste"), 2), false),
                leafStr(element_at(col("taste"), 3), false))
            .as("taste_categories"),
        array(lit(0.6), lit(0.3), lit(0.1)).as("taste_weights"),
        col("registered"),
        col("user_id"),
        col("consent"),
        col("arm"),
        col("sessions"));
  }

  Dataset<Row> truthSharedDevices(SparkSession spark) {
    return spark
        .range(0, cfg.kiosks())
        .select(concat(lit("kiosk-"), col("id").cast("string")).as("anonymous_id"));
  }

  // ---------------------------------------------------------------- product helpers

  private Column sampleInLeaf(Column leaf, String purpose, Column... keys) {
    Column count = leafConst(counts(), leaf);
    Column u = rnd.uniform(purpose + ":u", keys);
    Column r = floor(pow(u, 2.2).multiply(count)).cast("int");
    // Most picks follow the segment's own bestsellers; the rest follow the global ones.
    Column shift = pmod(rnd.hash("segshift", col("segment"), leaf), count.cast("long")).cast("int");
    Column local =
        when(rnd.uniform(purpose + ":seg", keys).lt(0.65), pmod(r.plus(shift), count)).otherwise(r);
    return leafConst(starts, leaf).plus(local);
  }

  static Column productId(Column pidx) {
    return format_string("SKU-%06d", pidx);
  }

  private Column leafOf(Column pidx) {
    Column c = lit(leaves.size() - 1);
    for (int i = leaves.size() - 1; i >= 1; i--) {
      c = when(pidx.lt(starts[i]), lit(i - 1)).otherwise(c);
    }
    return c;
  }

  private int[] counts() {
    return IntStream.range(0, leaves.size()).map(i -> starts[i + 1] - starts[i]).toArray();
  }

  private int[] consumables() {
    return leaves.stream().mapToInt(l -> l.consumable() ? 1 : 0).toArray();
  }

  private static Column leafConst(int[] values, Column leaf) {
    return element_at(
        array(IntStream.of(values).mapToObj(v -> lit(v)).toArray(Column[]::new)), leaf.plus(1));
  }

  private static Column leafConstD(double[] values, Column leaf) {
    return element_at(
        array(
            java.util.stream.DoubleStream.of(values).mapToObj(v -> lit(v)).toArray(Column[]::new)),
        leaf.plus(1));
  }

  private Column leafStr(Column leaf, boolean noun) {
    return element_at(
        array(leaves.stream().map(l -> lit(noun ? l.noun() : l.path())).toArray(Column[]::new)),
        leaf.plus(1));
  }

  private Column brandsByLeaf() {
    return array(
        leaves.stream()
            .map(l -> array(l.brands().stream().map(b -> lit(b)).toArray(Column[]::new)))
            .toArray(Column[]::new));
  }

  private static Column functions_size(Column arr) {
    return org.apache.spark.sql.functions.size(arr);
  }

  private static Column functions_trim(Column c) {
    return org.apache.spark.sql.functions.trim(c);
  }

  private static Column coalesceLong(Column c) {
    return org.apache.spark.sql.functions.coalesce(c, lit(-1L));
  }

  static int partitions(long rows, long perPartition) {
    return (int) Math.max(1, Math.min(400, (rows + perPartition - 1) / perPartition));
  }
}
