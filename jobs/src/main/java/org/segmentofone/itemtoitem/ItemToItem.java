package org.segmentofone.itemtoitem;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.segmentofone.common.PersonLists;

/**
 * The item-to-item scorer (SAR-style): products are similar when the same persons interacted with
 * both; each product keeps only its strongest neighbours, so the pair table grows with products ×
 * neighbours, never products²; a person's score for a product is the sum, over the product's
 * neighbours the person touched, of the person's affinity to the neighbour × the similarity.
 */
public final class ItemToItem {
  /** The neighbour-table flag of the pairs person scoring uses (see the fan-out). */
  public static final String SCORING = "scoring";

  private ItemToItem() {}

  /**
   * Each person's {@code cap} most recently touched products: {@code person_id, product_id}. A
   * heavy user (or a bot) then adds at most cap² pairs to the co-occurrence.
   *
   * @param interactions {@code person_id, product_id, last_event_time}
   */
  public static Dataset<Row> histories(Dataset<Row> interactions, int cap) {
    return recent(interactions, cap).select("person_id", "product_id");
  }

  /**
   * Each person's {@code cap} most recent interactions (by {@code last_event_time}, ties by product
   * id), every column kept.
   */
  public static Dataset<Row> recent(Dataset<Row> interactions, int cap) {
    return interactions
        .withColumn(
            "_recent",
            row_number()
                .over(
                    Window.partitionBy("person_id")
                        .orderBy(col("last_event_time").desc(), col("product_id"))))
        .where(col("_recent").leq(cap))
        .drop("_recent");
  }

  /**
   * Every ordered pair of different products some person had both of, with how many persons had
   * both ({@code co}, at least {@code minCo}) and each: {@code product_id, neighbour_id, co,
   * n_product, n_neighbour}.
   */
  public static Dataset<Row> coOccurrence(Dataset<Row> histories, int minCo) {
    Dataset<Row> h = histories.select("person_id", "product_id").distinct();
    Dataset<Row> persons = h.groupBy("product_id").agg(count(lit(1)).as("n"));
    Dataset<Row> a = h.select(col("person_id"), col("product_id"));
    Dataset<Row> b = h.select(col("person_id"), col("product_id").as("neighbour_id"));
    return a.join(b, "person_id")
        .where(col("product_id").notEqual(col("neighbour_id")))
        .groupBy("product_id", "neighbour_id")
        .agg(count(lit(1)).as("co"))
        .where(col("co").geq(minCo))
        .join(persons.withColumnRenamed("n", "n_product"), "product_id")
        .join(
            persons.select(col("product_id").as("neighbour_id"), col("n").as("n_neighbour")),
            "neighbour_id")
        .select("product_id", "neighbour_id", "co", "n_product", "n_neighbour");
  }

  /**
   * Each product's {@code k} most similar other products: {@code product_id, neighbour_id,
   * similarity, rank} (rank 1 = most similar; ties by neighbour id).
   */
  public static Dataset<Row> neighbours(Dataset<Row> coOccurrence, Similarity similarity, int k) {
    return coOccurrence
        .withColumn("similarity", similarity.of(col("co"), col("n_product"), col("n_neighbour")))
        .withColumn(
            "rank",
            row_number()
                .over(
                    Window.partitionBy("product_id")
                        .orderBy(col("similarity").desc(), col("neighbour_id"))))
        .where(col("rank").leq(k))
        .select("product_id", "neighbour_id", "similarity", "rank");
  }

  /**
   * {@link #neighbours} with a {@code scoring} flag: true on the pairs where the neighbour is among
   * the {@code fanOut} products it is most similar to. Person scoring uses only those: a popular
   * product is in nearly every list, and without the cap each person who touched it would score
   * every product of the catalog. The product page keeps every pair.
   */
  public static Dataset<Row> neighbours(
      Dataset<Row> coOccurrence, Similarity similarity, int k, int fanOut) {
    return neighbours(coOccurrence, similarity, k)
        .withColumn(
            SCORING,
            row_number()
                .over(
                    Window.partitionBy("neighbour_id")
                        .orderBy(col("similarity").desc(), col("product_id")))
                .leq(fanOut));
  }

  /**
   * {@link #neighbours(Dataset, Similarity, int, int)} of {@link #coOccurrence}, the same table,
   * computed on product numbers instead of ids: each product is numbered in id order (so ties
   * broken by number are broken by id), each unordered pair a person had is counted once, and only
   * the kept neighbours get their ids back. Most pairs are seen by a single person, so the pair
   * table is nearly as large as what the self-join emits; hashing, shuffling and sorting it as
   * (int, int) pairs instead of (string, string) rows is most of the saving (bench/neighbours).
   *
   * @param histories {@code person_id, product_id}
   */
  public static Dataset<Row> neighbours(
      Dataset<Row> histories, int minCo, Similarity similarity, int k, int fanOut) {
    Dataset<Row> h = histories.select("person_id", "product_id").distinct();
    // Catalog-sized: numbered in one partition, then broadcast to every join below.
    Dataset<Row> products =
        broadcast(
            h.groupBy("product_id")
                .agg(count(lit(1)).as("n"))
                .withColumn("idx", row_number().over(Window.orderBy("product_id")).cast("int")));
    Dataset<Row> numbered = h.join(products, "product_id").select("person_id", "idx");
    Dataset<Row> pairs =
        numbered
            .select(col("person_id"), col("idx").as("p"))
            .join(numbered.select(col("person_id"), col("idx").as("q")), "person_id")
            .where(col("p").lt(col("q")))
            .groupBy("p", "q")
            .agg(count(lit(1)).as("co"))
            .where(col("co").geq(minCo))
            .select(
                explode(
                        array(
                            struct(col("p").as("a"), col("q").as("b")),
                            struct(col("q").as("a"), col("p").as("b"))))
                    .as("pair"),
                col("co"))
            .select(col("pair.a").as("a"), col("pair.b").as("b"), col("co"));
    Dataset<Row> counts = products.select(col("idx"), col("n"));
    Dataset<Row> top =
        pairs
            .join(counts.select(col("idx").as("a"), col("n").as("n_a")), "a")
            .join(counts.select(col("idx").as("b"), col("n").as("n_b")), "b")
            .withColumn("similarity", similarity.of(col("co"), col("n_a"), col("n_b")))
            .withColumn(
                "rank",
                row_number()
                    .over(Window.partitionBy("a").orderBy(col("similarity").desc(), col("b"))))
            .where(col("rank").leq(k))
            .withColumn(
                SCORING,
                row_number()
                    .over(Window.partitionBy("b").orderBy(col("similarity").desc(), col("a")))
                    .leq(fanOut));
    Dataset<Row> ids = products.select(col("idx"), col("product_id"));
    return top.join(ids.select(col("idx").as("a"), col("product_id")), "a")
        .join(ids.select(col("idx").as("b"), col("product_id").as("neighbour_id")), "b")
        .select("product_id", "neighbour_id", "similarity", "rank", SCORING);
  }

  /**
   * A person's affinity to each product they touched: the interaction's confidence (weighted,
   * decayed by consume), halved again every {@code recencyHalfLifeDays} before the person's own
   * latest interaction (0 = no extra recency), so what they looked at last weighs most.
   *
   * @return {@code person_id, product_id, affinity}
   */
  public static Dataset<Row> affinity(Dataset<Row> interactions, double recencyHalfLifeDays) {
    Column weight = col("confidence");
    if (recencyHalfLifeDays > 0) {
      Column behind =
          max(unix_timestamp(col("last_event_time")))
              .over(Window.partitionBy("person_id"))
              .minus(unix_timestamp(col("last_event_time")))
              .divide(86_400.0);
      weight = weight.multiply(pow(lit(0.5), behind.divide(recencyHalfLifeDays)));
    }
    return interactions.select(col("person_id"), col("product_id"), weight.as("affinity"));
  }

  /**
   * score(person, product) = Σ affinity(person, neighbour) × similarity(product, neighbour) over
   * the product's neighbours the person has an affinity to: {@code person_id, product_id, score}.
   */
  public static Dataset<Row> scores(Dataset<Row> affinity, Dataset<Row> neighbours) {
    return affinity
        .select(col("person_id"), col("product_id").as("neighbour_id"), col("affinity"))
        .join(scoringPairs(neighbours), "neighbour_id")
        .groupBy("person_id", "product_id")
        .agg(sum(col("affinity").multiply(col("similarity"))).as("score"));
  }

  /** The pairs person scoring uses: {@code product_id, neighbour_id, similarity}. */
  private static Dataset<Row> scoringPairs(Dataset<Row> neighbours) {
    Dataset<Row> scoring =
        List.of(neighbours.columns()).contains(SCORING)
            ? neighbours.where(col(SCORING))
            : neighbours;
    return scoring.select("product_id", "neighbour_id", "similarity");
  }

  /**
   * The {@code k} best-scored products per person of {@code persons}, {@code exclude} left out:
   * {@code person_id, product_id, score, rank}.
   */
  public static Dataset<Row> topK(
      Dataset<Row> affinity,
      Dataset<Row> neighbours,
      Dataset<Row> persons,
      Dataset<Row> exclude,
      int k) {
    return topK(affinity, neighbours, persons, exclude, k, NeighbourScoring.MAX_PAIRS);
  }

  /** {@link #topK} broadcasting at most {@code maxBroadcastPairs} neighbour pairs. */
  static Dataset<Row> topK(
      Dataset<Row> affinity,
      Dataset<Row> neighbours,
      Dataset<Row> persons,
      Dataset<Row> exclude,
      int k,
      long maxBroadcastPairs) {
    Dataset<Row> theirs = affinity.join(persons.select("person_id").distinct(), "person_id");
    Dataset<Row> pairs = scoringPairs(neighbours);
    long pairCount = pairs.count();
    if (pairCount <= maxBroadcastPairs) {
      return NeighbourScoring.topK(theirs, pairs, pairCount, exclude, k);
    }
    return scores(theirs, neighbours)
        .join(exclude, new String[] {"person_id", "product_id"}, "left_anti")
        .transform(d -> PersonLists.top(d, k))
        .select("person_id", "product_id", "score", "rank");
  }
}
