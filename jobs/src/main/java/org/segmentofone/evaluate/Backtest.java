package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.common.EventTypes;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.consume.ConsumeTransforms;

/**
 * One time split of the person events, with what every scorer needs: the events before the cutoff
 * (midnight UTC starting {@code cutoffDate}), consume's implicit feedback built from them exactly
 * as the nightly consume would have built it the evening before, the held-out items, the items to
 * leave out of each person's list, and which persons a personalised list would serve.
 *
 * @param train person events before the cutoff
 * @param interactions {@code person_id, product_id, confidence, ...} from {@code train}
 * @param test {@code person_id, product_id}: carted or bought from the cutoff on
 * @param exclude {@code person_id, product_id}: bought before the cutoff when the evaluation leaves
 *     bought items out, else empty
 * @param personalised {@code person_id}: test persons who consent and had at least {@code
 *     minEvents} product events before the cutoff (the fallback ladder serves the rest)
 */
public record Backtest(
    Instant cutoff,
    Dataset<Row> train,
    Dataset<Row> interactions,
    Dataset<Row> test,
    Dataset<Row> exclude,
    Dataset<Row> personalised) {

  /**
   * @param personEvents events with {@code person_id}, up to any date (later ones are ignored)
   * @param consent {@code person_id, consent}
   */
  public static Backtest at(
      Dataset<Row> personEvents,
      Dataset<Row> consent,
      ConsumeConfig consume,
      LocalDate cutoffDate,
      boolean excludeBought,
      int minEvents) {
    Instant cutoff = cutoffDate.atStartOfDay(ZoneOffset.UTC).toInstant();
    Holdout.Split split = Holdout.split(personEvents, cutoff, excludeBought);
    // Events of the cutoff day itself belong to the test side, so the feedback is dated the day
    // before: its decay is what the nightly consume computed that evening.
    Dataset<Row> interactions =
        ConsumeTransforms.interactions(split.train(), consent, consume, cutoffDate.minusDays(1));
    Dataset<Row> exclude =
        excludeBought
            ? Holdout.bought(split.train())
            : split.test().limit(0).select("person_id", "product_id");
    Dataset<Row> testPersons = split.test().select("person_id").distinct();
    Dataset<Row> personalised =
        split
            .train()
            .where(col("event_type").isin(EventTypes.PRODUCT_EVENTS.toArray()))
            .where(
                col("event_date")
                    .gt(
                        lit(
                            java.sql.Date.valueOf(
                                cutoffDate.minusDays(1).minusDays(consume.windowDays())))))
            .groupBy("person_id")
            .agg(count(lit(1)).as("product_events"))
            .where(col("product_events").geq(minEvents))
            .join(consent.where(col("consent")).select("person_id"), "person_id")
            .join(testPersons, "person_id")
            .select("person_id");
    return new Backtest(cutoff, split.train(), interactions, split.test(), exclude, personalised);
  }

  /** {@code person_id} of every test person. */
  public Dataset<Row> testPersons() {
    return test.select("person_id").distinct();
  }

  /**
   * This backtest on at most {@code maxPersons} of its test persons (0 or fewer: all of them): the
   * ones whose seeded hash of {@code person_id} is lowest. The choice depends only on the ids and
   * the seed (a bottom-k sample), so every algorithm scored on it meets the same persons, and the
   * overlapping test windows of consecutive nights share most of their sampled persons. Training
   * data ({@code train}, {@code interactions}) is untouched: only what is scored shrinks.
   */
  public Backtest sample(int maxPersons, long seed) {
    if (maxPersons <= 0) {
      return this;
    }
    Dataset<Row> kept =
        testPersons()
            .withColumn("sample_hash", xxhash64(lit(seed), col("person_id")))
            .orderBy(col("sample_hash"), col("person_id"))
            .limit(maxPersons)
            .select("person_id");
    return new Backtest(
        cutoff,
        train,
        interactions,
        test.join(kept, "person_id"),
        exclude.join(kept, "person_id"),
        personalised.join(kept, "person_id"));
  }
}
