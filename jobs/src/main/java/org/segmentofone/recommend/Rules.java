package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * The merchandising rules of a placement over candidate lists, each rule its own transform.
 * Candidates are keyed lists: {@code <key>, product_id, score, priority, source, reason}, where the
 * key is the person (home) or the anchor product (product page, cart) and a lower {@code priority}
 * ranks first whatever the score (pinned products below 0, the model or similar items 1, category
 * trending 2, trending 3).
 */
public final class Rules {
  public static final String SOURCE_PINNED = "pinned";
  public static final String REASON_PINNED = "merchandising:pinned";

  private Rules() {}

  /**
   * Every rule of {@code rules}, then the best {@code n} per key with {@code rank} (1 = best).
   * Products missing from the catalog leave (no rule could be checked on them).
   *
   * @param products the {@code products} table
   * @param purchased {@code person_id, product_id} (used when the key is {@code person_id} and the
   *     rules exclude purchases)
   */
  public static Dataset<Row> apply(
      Dataset<Row> candidates,
      String key,
      Dataset<Row> products,
      Dataset<Row> purchased,
      RulesConfig rules,
      LocalDate runDate,
      int n) {
    // A product is never its own similar product or complement (nor a pin on its own page).
    Dataset<Row> d =
        withProducts(
            pin(candidates, key, rules.pinned()).where(col("product_id").notEqual(col(key))),
            products);
    d = excludeCategories(d, rules.excludedCategories());
    if (rules.excludeOutOfStock()) {
      d = inStock(d);
    }
    if (rules.excludePurchased() && key.equals("person_id")) {
      d = notPurchased(d, purchased, rules.repeatableCategories());
    }
    d = priceFloor(d, rules.priceFloor());
    d = boost(d, rules.boosts(), runDate);
    d = best(d, key);
    d = diversify(d, key, rules.maxPerCategory());
    return top(d, key, n);
  }

  /** Adds the catalog columns the rules read; products not in the catalog leave. */
  static Dataset<Row> withProducts(Dataset<Row> candidates, Dataset<Row> products) {
    return candidates.join(
        broadcast(
            products.select(
                col("product_id"),
                col("category"),
                col("brand"),
                col("price"),
                col("in_stock"),
                col("created_at"))),
        "product_id");
  }

  /**
   * True when {@code category} is one of the prefixes or below one of them; both sides are compared
   * with their level separators written as {@code " > "} ("A>B" and "A > B" are one path).
   */
  static Column under(Column category, List<String> prefixes) {
    Column path = regexp_replace(category, "\\s*>\\s*", " > ");
    Column any = lit(false);
    for (String p : prefixes) {
      String prefix = RulesConfig.path(p);
      any = any.or(path.equalTo(prefix)).or(path.startsWith(prefix + " > "));
    }
    return coalesce(any, lit(false));
  }

  static Dataset<Row> excludeCategories(Dataset<Row> d, List<String> prefixes) {
    return prefixes.isEmpty() ? d : d.where(not(under(col("category"), prefixes)));
  }

  /** Leaves out products known to be out of stock (an unknown stock level is kept). */
  static Dataset<Row> inStock(Dataset<Row> d) {
    return d.where(coalesce(col("in_stock"), lit(true)));
  }

  /** Leaves out what the person bought, unless it sits under a repeatable category. */
  static Dataset<Row> notPurchased(
      Dataset<Row> d, Dataset<Row> purchased, List<String> repeatable) {
    Dataset<Row> bought =
        purchased.select("person_id", "product_id").distinct().withColumn("_bought", lit(true));
    return d.join(bought, new String[] {"person_id", "product_id"}, "left")
        .where(col("_bought").isNull().or(under(col("category"), repeatable)))
        .drop("_bought");
  }

  /** Leaves out products cheaper than the floor; with a floor above 0, unpriced ones too. */
  static Dataset<Row> priceFloor(Dataset<Row> d, double floor) {
    return floor <= 0 ? d : d.where(col("price").geq(floor));
  }

  /** Multiplies the score by each matching boost's factor. */
  static Dataset<Row> boost(Dataset<Row> d, List<RulesConfig.Boost> boosts, LocalDate runDate) {
    Column factor = lit(1.0);
    for (RulesConfig.Boost b : boosts) {
      Column match = lit(true);
      if (b.brand() != null) {
        match = match.and(col("brand").equalTo(b.brand()));
      }
      if (b.category() != null) {
        match = match.and(under(col("category"), List.of(b.category())));
      }
      if (b.newArrivalDays() > 0) {
        Column age = datediff(lit(Date.valueOf(runDate)), col("created_at").cast("date"));
        match = match.and(age.between(0, b.newArrivalDays() - 1));
      }
      factor = factor.multiply(when(coalesce(match, lit(false)), lit(b.factor())).otherwise(1.0));
    }
    return boosts.isEmpty() ? d : d.withColumn("score", col("score").multiply(factor));
  }

  /**
   * Pinned products join every key's list ahead of everything (priority below 0, in the configured
   * order, no score); the other rules still apply to them, so a pinned product out of stock is not
   * shown.
   */
  static Dataset<Row> pin(Dataset<Row> candidates, String key, List<String> pinned) {
    Dataset<Row> normal =
        candidates.select(
            col(key),
            col("product_id"),
            col("score").cast("double").as("score"),
            col("priority").cast("int").as("priority"),
            col("source"),
            col("reason"));
    if (pinned.isEmpty()) {
      return normal;
    }
    Dataset<Row> pins =
        candidates
            .select(key)
            .distinct()
            .select(
                col(key),
                posexplode(array(pinned.stream().map(functions::lit).toArray(Column[]::new))))
            .select(
                col(key),
                col("col").as("product_id"),
                lit(null).cast("double").as("score"),
                col("pos").minus(pinned.size()).cast("int").as("priority"),
                lit(SOURCE_PINNED).as("source"),
                lit(REASON_PINNED).as("reason"));
    return normal.unionByName(pins);
  }

  /** One row per key and product: the best-priority, highest-score one. */
  static Dataset<Row> best(Dataset<Row> d, String key) {
    return d.withColumn("_n", row_number().over(order(Window.partitionBy(key, "product_id"))))
        .where(col("_n").equalTo(1))
        .drop("_n");
  }

  /** At most {@code max} products of one category per key (0 = no limit), best kept. */
  static Dataset<Row> diversify(Dataset<Row> d, String key, int max) {
    if (max == 0) {
      return d;
    }
    return d.withColumn(
            "_n",
            row_number()
                .over(order(Window.partitionBy(col(key), coalesce(col("category"), lit(""))))))
        .where(col("_n").leq(max))
        .drop("_n");
  }

  /** The best {@code n} per key, ranked by priority, then score, then product id. */
  static Dataset<Row> top(Dataset<Row> d, String key, int n) {
    return d.withColumn("rank", row_number().over(order(Window.partitionBy(key))))
        .where(col("rank").leq(n))
        .select(
            col(key),
            col("product_id"),
            col("score"),
            col("rank"),
            col("priority"),
            col("source"),
            col("reason"));
  }

  private static WindowSpec order(WindowSpec w) {
    return w.orderBy(col("priority"), col("score").desc_nulls_last(), col("product_id"));
  }
}
