package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.PersonLists;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.itemtoitem.ItemToItem;

/**
 * The time-based holdout of the offline evaluation, and the baselines scored on it (popularity,
 * item co-occurrence). Everything before the cutoff is training data; what a person added to a cart
 * or bought from the cutoff on is what a good list should have shown them.
 */
public final class Holdout {
  /**
   * @param train person events before the cutoff
   * @param test {@code person_id, product_id}: carted or bought from the cutoff on, by persons seen
   *     before it
   */
  public record Split(Dataset<Row> train, Dataset<Row> test) {}

  private Holdout() {}

  /**
   * @param personEvents events with {@code person_id}
   * @param excludeBought leave out of the test what the person had already bought before the cutoff
   *     (recommend never shows it again, so it cannot count as a miss)
   */
  public static Split split(Dataset<Row> personEvents, Instant cutoff, boolean excludeBought) {
    Column before = col("event_time").lt(lit(Timestamp.from(cutoff)));
    Dataset<Row> train = personEvents.where(before);
    Dataset<Row> test =
        personEvents
            .where(before.unary_$bang())
            .where(col("event_type").isin(EventTypes.PURCHASE, EventTypes.ADD_TO_CART))
            .where(col("product_id").isNotNull())
            .join(train.select("person_id").distinct(), "person_id")
            .select("person_id", "product_id")
            .distinct();
    if (excludeBought) {
      test = test.join(bought(train), new String[] {"person_id", "product_id"}, "left_anti");
    }
    return new Split(train, test);
  }

  /** {@code person_id, product_id} bought in these events. */
  public static Dataset<Row> bought(Dataset<Row> personEvents) {
    return personEvents
        .where(col("event_type").equalTo(EventTypes.PURCHASE))
        .where(col("product_id").isNotNull())
        .select("person_id", "product_id")
        .distinct();
  }

  /**
   * The popularity baseline: one list for everybody, products ranked by the event-type weights of
   * the training events, each halved every {@code halfLifeDays} before the cutoff; per person, the
   * products in {@code exclude} are skipped. Returns {@code person_id, product_id, rank} for the
   * given persons, at most {@code k} each.
   */
  public static Dataset<Row> popularity(
      Dataset<Row> train,
      Dataset<Row> persons,
      Dataset<Row> exclude,
      Map<String, Double> weights,
      double halfLifeDays,
      Instant cutoff,
      int k) {
    // The same weighting as the trending list the fallback serves.
    Column weight = ConsumeTransforms.eventWeight(ConsumeTransforms.positive(weights));
    Column ageDays =
        lit(cutoff.getEpochSecond()).minus(unix_timestamp(col("event_time"))).divide(86_400.0);
    Column decay = exp(ageDays.multiply(-Math.log(2) / halfLifeDays));
    // Enough candidates that k remain after a person's exclusions in all but extreme cases.
    Dataset<Row> top =
        train
            .where(col("product_id").isNotNull())
            .groupBy("product_id")
            .agg(sum(weight.multiply(decay)).as("score"))
            .where(col("score").gt(0))
            .orderBy(col("score").desc(), col("product_id"))
            .limit(2 * k)
            // A top-K per partition, then a window over 2k rows only.
            .withColumn(
                "pop_rank",
                row_number().over(Window.orderBy(col("score").desc(), col("product_id"))));
    return persons
        .select("person_id")
        .distinct()
        .crossJoin(top)
        .join(exclude, new String[] {"person_id", "product_id"}, "left_anti")
        .withColumn(
            "rank", row_number().over(Window.partitionBy("person_id").orderBy(col("pop_rank"))))
        .where(col("rank").leq(k))
        .select("person_id", "product_id", "rank");
  }

  /**
   * The item co-occurrence baseline: two products are neighbours as often as persons interacted
   * with both in the training events (each person's {@code historyCap} most recent products, so a
   * heavy user adds at most cap² pairs); each product keeps its {@code neighbours} strongest; a
   * person's score for a product is the sum of its co-occurrence with the person's history.
   * Products in {@code exclude} are skipped. Returns {@code person_id, product_id, rank}, at most
   * {@code k} per person.
   */
  public static Dataset<Row> coOccurrence(
      Dataset<Row> train,
      Dataset<Row> persons,
      Dataset<Row> exclude,
      int historyCap,
      int neighbours,
      int k) {
    Dataset<Row> history =
        ItemToItem.histories(
            train
                .where(col("product_id").isNotNull())
                .groupBy("person_id", "product_id")
                .agg(max("event_time").as("last_event_time")),
            historyCap);
    // Each history product's strongest co-occurring products; scored as item-to-item with the raw
    // count as the similarity and every history product weighing 1.
    Dataset<Row> nearest =
        ItemToItem.coOccurrence(history, 1)
            .withColumn(
                "n",
                row_number()
                    .over(
                        Window.partitionBy("product_id")
                            .orderBy(col("co").desc(), col("neighbour_id"))))
            .where(col("n").leq(neighbours))
            .select(
                col("neighbour_id").as("product_id"),
                col("product_id").as("neighbour_id"),
                col("co").cast("double").as("similarity"));
    Dataset<Row> affinity =
        history
            .join(persons.select("person_id").distinct(), "person_id")
            .withColumn("affinity", lit(1.0));
    return ItemToItem.scores(affinity, nearest)
        .join(exclude, new String[] {"person_id", "product_id"}, "left_anti")
        .transform(d -> PersonLists.top(d, k))
        .select("person_id", "product_id", "rank");
  }
}
