package org.segmentofone.audit;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.common.EventTypes;
import org.segmentofone.connect.IdTypes;
import org.segmentofone.consume.ConsumeTransforms;

/**
 * The audit's measurements as pure transforms. Each returns a small result (one row of counts, or
 * one row per day and type, per reject reason, per histogram bucket), never one row per person.
 */
public final class AuditTransforms {
  /** The buckets of the events-per-person histogram, by their lower bound. */
  static final int[] BUCKETS = {0, 1, 2, 3, 5, 10, 20, 50};

  private AuditTransforms() {}

  /** Events of the {@code days} days ending on the run date. */
  public static Dataset<Row> window(Dataset<Row> events, LocalDate runDate, int days) {
    return events.where(
        col("event_date")
            .between(Date.valueOf(runDate.minusDays(days - 1L)), Date.valueOf(runDate)));
  }

  /** Events per date and type ({@code event_date, event_type, events}). */
  public static Dataset<Row> dailyVolume(Dataset<Row> windowEvents) {
    return windowEvents.groupBy("event_date", "event_type").agg(count(lit(1)).as("events"));
  }

  /**
   * One row: {@code events}, {@code product_events}, {@code catalog_matched} (product events whose
   * product is in the catalog), {@code purchases}, {@code priced_purchases} (price present and
   * above zero), {@code newest_event_time}.
   */
  public static Dataset<Row> collectedCounts(Dataset<Row> windowEvents, Dataset<Row> products) {
    Dataset<Row> catalog = products.select(col("product_id").as("catalog_id")).distinct();
    Column productEvent = col("product_id").isNotNull();
    Column purchase = col("event_type").equalTo(EventTypes.PURCHASE);
    return windowEvents
        .join(catalog, col("product_id").equalTo(col("catalog_id")), "left")
        .agg(
            count(lit(1)).as("events"),
            count_if(productEvent).as("product_events"),
            count_if(productEvent.and(col("catalog_id").isNotNull())).as("catalog_matched"),
            count_if(purchase).as("purchases"),
            count_if(purchase.and(coalesce(col("price").gt(0), lit(false)))).as("priced_purchases"),
            max("event_time").as("newest_event_time"));
  }

  /** Rejected rows per reason among the raw dates in the window ({@code reason, rows}). */
  public static Dataset<Row> quarantineReasons(
      Dataset<Row> quarantine, LocalDate runDate, int days) {
    return window(quarantine, runDate, days).groupBy("reason").agg(count(lit(1)).as("rows"));
  }

  /**
   * One row: rows read and duplicates dropped by the succeeded {@code collect} runs of run dates in
   * the window ({@code job_runs} metrics).
   */
  public static Dataset<Row> duplicates(Dataset<Row> jobRuns, LocalDate runDate, int days) {
    return jobRuns
        .where(col("stage").equalTo("collect").and(col("status").equalTo("succeeded")))
        .where(
            col("run_date")
                .between(Date.valueOf(runDate.minusDays(days - 1L)), Date.valueOf(runDate)))
        .agg(
            coalesce(sum(col("metrics").getItem("read")), lit(0L)).as("read"),
            coalesce(sum(col("metrics").getItem("duplicates")), lit(0L)).as("duplicates"));
  }

  /**
   * One row per person of the identity map: {@code identifiers}, {@code anonymous_ids} and {@code
   * known} (a customer id or an email hash belongs to it).
   */
  public static Dataset<Row> personIdentity(Dataset<Row> identityMap) {
    Column anonymous = col("id_type").equalTo(IdTypes.ANONYMOUS_ID);
    return identityMap
        .groupBy("person_id")
        .agg(
            count(lit(1)).as("identifiers"),
            count_if(anonymous).as("anonymous_ids"),
            max(when(anonymous, lit(0)).otherwise(lit(1))).equalTo(1).as("known"));
  }

  /**
   * One row describing how well events join up into persons over the window: {@code events}, {@code
   * known_events} (their person has a customer id or email), {@code shared_events} (one of their
   * identifiers is held back as shared), {@code persons} active in the window, {@code
   * linked_persons} (two or more identifiers), {@code known_persons}, {@code cross_device_persons}
   * (known, with two or more anonymous ids), {@code mean_identifiers}, {@code mean_devices_known},
   * {@code median_identifiers}, {@code p95_identifiers}, {@code max_identifiers}.
   */
  public static Dataset<Row> connectedCounts(
      Dataset<Row> windowEvents, Dataset<Row> identityMap, Dataset<Row> suspects) {
    Dataset<Row> people = personIdentity(identityMap);
    Dataset<Row> personEvents =
        ConsumeTransforms.withPerson(windowEvents, identityMap)
            .select("event_id", "person_id")
            .join(people, "person_id");
    Dataset<Row> events =
        windowEvents
            .select("event_id")
            .join(personEvents, "event_id", "left")
            .join(sharedEvents(windowEvents, suspects), "event_id", "left");
    Dataset<Row> eventCounts =
        events.agg(
            count(lit(1)).as("events"),
            count_if(coalesce(col("known"), lit(false))).as("known_events"),
            count_if(col("shared").isNotNull()).as("shared_events"));
    Dataset<Row> active = personEvents.select("person_id").distinct().join(people, "person_id");
    Column known = col("known");
    Dataset<Row> personCounts =
        active.agg(
            count(lit(1)).as("persons"),
            count_if(col("identifiers").geq(2)).as("linked_persons"),
            count_if(known).as("known_persons"),
            count_if(known.and(col("anonymous_ids").geq(2))).as("cross_device_persons"),
            avg("identifiers").as("mean_identifiers"),
            avg(when(known, col("anonymous_ids"))).as("mean_devices_known"),
            percentile_approx(col("identifiers"), lit(0.5), lit(1000)).as("median_identifiers"),
            percentile_approx(col("identifiers"), lit(0.95), lit(1000)).as("p95_identifiers"),
            max("identifiers").as("max_identifiers"));
    return eventCounts.crossJoin(personCounts);
  }

  /** The ids of events one identifier of which connect holds back as shared. */
  static Dataset<Row> sharedEvents(Dataset<Row> windowEvents, Dataset<Row> suspects) {
    Dataset<Row> ids =
        windowEvents
            .select(
                col("event_id"),
                explode(
                        array(
                            idRef(IdTypes.USER_ID),
                            idRef(IdTypes.EMAIL_HASH),
                            idRef(IdTypes.ANONYMOUS_ID)))
                    .as("id"))
            .where(col("id.id_value").isNotNull());
    Dataset<Row> held = suspects.select("id_type", "id_value").distinct();
    return ids.join(
            held,
            col("id.id_type")
                .equalTo(col("id_type"))
                .and(col("id.id_value").equalTo(col("id_value"))),
            "left_semi")
        .select(col("event_id"), lit(true).as("shared"))
        .distinct();
  }

  private static Column idRef(String column) {
    return struct(lit(column).as("id_type"), trim(col(column)).as("id_value"));
  }

  /**
   * One row about what the model can learn from: {@code persons} and {@code ready_persons} (at
   * least {@code minEvents} product events) from the profiles, {@code interactions}, {@code
   * interaction_persons}, {@code interaction_products}, {@code products_with_signal} (catalog
   * products with at least {@code signalPersons} persons), {@code catalog_products} and {@code
   * catalog_seen} (catalog products that appear in any event).
   */
  public static Dataset<Row> consumableCounts(
      Dataset<Row> profiles,
      Dataset<Row> interactions,
      Dataset<Row> products,
      Dataset<Row> allEvents,
      int minEvents,
      int signalPersons) {
    Dataset<Row> persons =
        profiles.agg(
            count(lit(1)).as("persons"),
            count_if(col("product_events").geq(minEvents)).as("ready_persons"));
    Dataset<Row> catalog = products.select("product_id").distinct();
    Dataset<Row> perProduct =
        interactions.groupBy("product_id").agg(countDistinct("person_id").as("persons"));
    Dataset<Row> density =
        interactions.agg(
            count(lit(1)).as("interactions"),
            countDistinct("person_id").as("interaction_persons"),
            countDistinct("product_id").as("interaction_products"));
    Dataset<Row> signal =
        perProduct
            .join(catalog, "product_id", "left_semi")
            .agg(count_if(col("persons").geq(signalPersons)).as("products_with_signal"));
    Dataset<Row> seen =
        catalog
            .join(
                allEvents.where(col("product_id").isNotNull()).select("product_id").distinct(),
                "product_id",
                "left_semi")
            .agg(count(lit(1)).as("catalog_seen"));
    Dataset<Row> size = catalog.agg(count(lit(1)).as("catalog_products"));
    return persons.crossJoin(density).crossJoin(signal).crossJoin(size).crossJoin(seen);
  }

  /** Persons per bucket of product events ({@code bucket} = lower bound, {@code persons}). */
  public static Dataset<Row> productEventHistogram(Dataset<Row> profiles) {
    Column n = coalesce(col("product_events"), lit(0L));
    Column bucket = lit(BUCKETS[BUCKETS.length - 1]);
    for (int i = BUCKETS.length - 2; i >= 0; i--) {
      bucket = when(n.lt(BUCKETS[i + 1]), lit(BUCKETS[i])).otherwise(bucket);
    }
    return profiles.groupBy(bucket.as("bucket")).agg(count(lit(1)).as("persons"));
  }

  /** The newest identity-map partition's shared identifiers, most customers first (few rows). */
  public static Dataset<Row> topSuspects(Dataset<Row> suspects, int n) {
    return suspects
        .orderBy(col("distinct_users").desc_nulls_last(), col("event_count").desc_nulls_last())
        .limit(n)
        .select("id_type", "id_value", "reason", "distinct_users");
  }

  /** The first date of any event (where the window really starts for a young store). */
  public static Dataset<Row> firstEventDate(Dataset<Row> events) {
    return events.agg(min("event_date").as("first_date"));
  }
}
