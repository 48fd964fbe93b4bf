package org.segmentofone.consume;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.segmentofone.common.EventTypes;

/**
 * Pure transforms of consume: attribute events to persons, then {@code confidence(person, product)
 * = Σ weight(type) · min(n, cap) · s · 0.5^(age_days / half_life)} over (type, day) groups, where n
 * is that day's event count, s scales a person's day down to at most {@code person-daily-cap}
 * counted events, and age is counted in whole days before the run date.
 */
public final class ConsumeTransforms {
  private ConsumeTransforms() {}

  /**
   * Adds {@code person_id} to each event from its best identifier that the identity map knows
   * (user_id, then email_hash, then anonymous_id). Events no identifier of which is known (all
   * blocked) are left out.
   */
  public static Dataset<Row> withPerson(Dataset<Row> events, Dataset<Row> identityMap) {
    Dataset<Row> ids =
        events
            .select(
                col("event_id"),
                explode(
                        array(
                            idRef(0, "user_id"), idRef(1, "email_hash"), idRef(2, "anonymous_id")))
                    .as("id"))
            .where(col("id.id_value").isNotNull());
    Dataset<Row> best =
        ids.join(
                identityMap.select("id_type", "id_value", "person_id"),
                col("id.id_type")
                    .equalTo(col("id_type"))
                    .and(col("id.id_value").equalTo(col("id_value"))))
            .groupBy("event_id")
            .agg(min_by(col("person_id"), col("id.priority")).as("person_id"));
    return events.join(best, "event_id");
  }

  private static Column idRef(int priority, String column) {
    return struct(
        lit(priority).as("priority"), lit(column).as("id_type"), trim(col(column)).as("id_value"));
  }

  /**
   * Each person's consent: the latest stated {@code consent_personalization}; persons who never
   * stated one count as consenting.
   */
  public static Dataset<Row> consent(Dataset<Row> personEvents) {
    return personEvents
        .groupBy("person_id")
        .agg(
            max_by(
                    col("consent_personalization"),
                    when(col("consent_personalization").isNotNull(), col("event_time")))
                .as("stated"))
        .select(col("person_id"), coalesce(col("stated"), lit(true)).as("consent"));
  }

  /** The weight of each event by its type ({@code event_type}); types not listed weigh 0. */
  public static Column eventWeight(Map<String, Double> weights) {
    Column weight = lit(0.0);
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      weight = when(col("event_type").equalTo(w.getKey()), lit(w.getValue())).otherwise(weight);
    }
    return weight;
  }

  /** Only the positive weights: popularity counts interest, never subtracts it. */
  public static Map<String, Double> positive(Map<String, Double> weights) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    weights.forEach(
        (type, w) -> {
          if (w > 0) {
            out.put(type, w);
          }
        });
    return out;
  }

  /** Implicit feedback per (person, product) of consenting persons, run date inclusive. */
  public static Dataset<Row> interactions(
      Dataset<Row> personEvents, Dataset<Row> consent, ConsumeConfig cfg, LocalDate runDate) {
    Date run = Date.valueOf(runDate);
    Column weight = eventWeight(cfg.weights());
    Column age = datediff(lit(run), col("event_date"));
    Dataset<Row> daily =
        inWindow(personEvents, cfg.windowDays(), runDate)
            .where(col("event_type").isin(cfg.weights().keySet().toArray()))
            .where(col("product_id").isNotNull())
            .groupBy("person_id", "product_id", "event_type", "event_date")
            .agg(count(lit(1)).as("n"), max("event_time").as("last_time"));
    Dataset<Row> consenting = consent.where(col("consent")).select("person_id");
    Column capped = least(col("n"), lit((long) cfg.dailyCap()));
    // A person's whole day weighs at most person-daily-cap events: a scraper or a bot that touches
    // thousands of products in a day keeps the same total as a very busy shopper.
    Column dayTotal = sum(capped).over(Window.partitionBy("person_id", "event_date"));
    Column dayScale = least(lit(1.0), lit((double) cfg.personDailyCap()).divide(dayTotal));
    return daily
        .join(consenting, "person_id")
        .withColumn(
            "contribution",
            weight
                .multiply(capped)
                .multiply(dayScale)
                .multiply(pow(lit(0.5), age.divide(cfg.halfLifeDays()))))
        .groupBy("person_id", "product_id")
        .agg(
            sum("contribution").as("confidence"),
            sumOf(EventTypes.PRODUCT_VIEW).as("views"),
            sumOf(EventTypes.ADD_TO_CART).as("carts"),
            sumOf(EventTypes.PURCHASE).as("purchases"),
            max("last_time").as("last_event_time"))
        .where(col("confidence").gt(0))
        .withColumn("run_date", lit(run));
  }

  private static Column sumOf(String type) {
    return coalesce(sum(when(col("event_type").equalTo(type), col("n"))), lit(0L));
  }

  /** Per person: counts by type, orders, revenue, first/last seen, top 3 categories, consent. */
  public static Dataset<Row> profiles(
      Dataset<Row> personEvents,
      Dataset<Row> products,
      Dataset<Row> consent,
      int windowDays,
      LocalDate runDate) {
    Dataset<Row> inWindow = inWindow(personEvents, windowDays, runDate);
    Column isProduct = col("event_type").isin(EventTypes.PRODUCT_EVENTS.toArray());
    Column isPurchase = col("event_type").equalTo(EventTypes.PURCHASE);
    Dataset<Row> counts =
        inWindow
            .groupBy("person_id")
            .agg(
                count(lit(1)).as("events"),
                count(when(isProduct, lit(1))).as("product_events"),
                count(when(col("event_type").equalTo(EventTypes.PRODUCT_VIEW), lit(1))).as("views"),
                count(when(col("event_type").equalTo(EventTypes.ADD_TO_CART), lit(1))).as("carts"),
                count(when(isPurchase, lit(1))).as("purchases"),
                count(when(col("event_type").equalTo(EventTypes.SEARCH), lit(1))).as("searches"),
                countDistinct(when(isPurchase, col("order_id"))).as("orders"),
                coalesce(
                        sum(
                            when(
                                isPurchase,
                                col("price").multiply(coalesce(col("quantity"), lit(1))))),
                        lit(0.0))
                    .as("revenue"),
                min("event_time").as("first_seen"),
                max("event_time").as("last_seen"));
    Dataset<Row> categories =
        inWindow
            .where(isProduct)
            .join(broadcast(products.select("product_id", "top_category")), "product_id")
            .where(col("top_category").isNotNull())
            .groupBy("person_id", "top_category")
            .agg(count(lit(1)).as("n"))
            .groupBy("person_id")
            .agg(
                collect_list(struct(col("n").multiply(-1).as("neg"), col("top_category").as("c")))
                    .as("cats"))
            .select(
                col("person_id"),
                expr("transform(slice(array_sort(cats), 1, 3), x -> x.c)").as("top_categories"));
    return counts
        .join(categories, "person_id", "left")
        .join(consent, "person_id", "left")
        .withColumn("consent", coalesce(col("consent"), lit(true)))
        .withColumn(
            "top_categories",
            coalesce(col("top_categories"), expr("cast(array() as array<string>)")))
        .withColumn("run_date", lit(Date.valueOf(runDate)));
  }

  private static Dataset<Row> inWindow(Dataset<Row> events, int windowDays, LocalDate runDate) {
    return events.where(
        col("event_date")
            .gt(lit(Date.valueOf(runDate.minusDays(windowDays))))
            .and(col("event_date").leq(lit(Date.valueOf(runDate)))));
  }
}
